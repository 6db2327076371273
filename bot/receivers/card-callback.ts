/** A card button press (dingtalk.md §5.4), whichever transport delivered it. */
export interface CardCallback {
  readonly outTrackId: string;
  readonly userId: string;
  readonly actionId: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** The card-update answer (§5.5): merged by key into the instance. */
export interface CardCallbackResponse {
  readonly cardData?: { readonly cardParamMap: Readonly<Record<string, string>> };
  readonly cardUpdateOptions?: { readonly updateCardDataByKey: boolean; readonly updatePrivateDataByKey: boolean };
}

const str = (v: unknown, max: number): string | null => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);

/** `{outTrackId, userId, content: "<json>{cardPrivateData:{actionIds, params}}"}`, or null. */
export function parseCardCallback(body: unknown): CardCallback | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const outTrackId = str(b.outTrackId, 256);
  const userId = str(b.userId, 256);
  if (!outTrackId || !userId) return null;
  let content: unknown = b.content;
  if (typeof content === 'string') {
    try {
      content = JSON.parse(content);
    } catch {
      return null;
    }
  }
  const priv = (content as { cardPrivateData?: { actionIds?: unknown; params?: unknown } } | null)?.cardPrivateData;
  const actionId = Array.isArray(priv?.actionIds) ? str(priv.actionIds[0], 128) : null;
  if (!actionId) return null;
  const params = typeof priv?.params === 'object' && priv.params !== null ? (priv.params as Record<string, unknown>) : {};
  return { outTrackId, userId, actionId, params };
}
