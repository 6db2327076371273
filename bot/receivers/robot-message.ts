/**
 * The fields of a robot callback (dingtalk.md §1.3) that Boundary uses. The inbox stores only
 * these — not the sender's nickname or encrypted ids — to keep stored chat data minimal.
 */
export interface RobotMessage {
  readonly msgId: string;
  readonly msgtype: string;
  /** Trimmed text for `msgtype=text` (group messages start with a space after the @mention). */
  readonly text: string | null;
  readonly senderStaffId: string | null;
  readonly conversationType: '1' | '2' | null;
  readonly conversationId: string | null;
  readonly sessionWebhook: string | null;
  readonly sessionWebhookExpiredTime: number | null;
  readonly createAt: number | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const int = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

const MAX_ID = 256;
const MAX_TEXT = 4000;

/** Null when the body is not a robot message we can process (no msgId). */
export function parseRobotMessage(body: unknown): RobotMessage | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as Record<string, unknown>;
  const msgId = str(b.msgId);
  if (!msgId || msgId.length > MAX_ID) return null;
  const textObj = b.text as Record<string, unknown> | undefined;
  const rawText = typeof textObj?.content === 'string' ? textObj.content : null;
  const conversationType = b.conversationType === '1' || b.conversationType === '2' ? b.conversationType : null;
  return {
    msgId,
    msgtype: str(b.msgtype) ?? 'unknown',
    text: rawText === null ? null : rawText.trim().slice(0, MAX_TEXT),
    senderStaffId: str(b.senderStaffId),
    conversationType,
    conversationId: str(b.conversationId),
    sessionWebhook: str(b.sessionWebhook),
    sessionWebhookExpiredTime: int(b.sessionWebhookExpiredTime),
    createAt: int(b.createAt),
  };
}
