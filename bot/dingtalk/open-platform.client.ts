import type { DirectoryLookup } from '../../core/identity/directory.port.js';
import { DingTalkError } from './dingtalk-error.js';
import type { DingTalkHttp } from './dingtalk-http.js';

export const BATCH_SEND_MAX_USERS = 20;

export interface BatchSendResult {
  readonly invalidUserIds: string[];
  /** Still throttled after the flow-control retries. */
  readonly throttledUserIds: string[];
}

export interface CardDelivery {
  readonly outTrackId: string;
  readonly userId: string;
  readonly params: Readonly<Record<string, string>>;
  readonly callback: { readonly type: 'HTTP'; readonly routeKey: string } | { readonly type: 'STREAM' };
}

export interface DirectoryUser {
  readonly userid: string;
  readonly name: string;
  readonly title?: string;
  readonly active?: boolean;
}

export interface OpenPlatformOptions {
  readonly robotCode: string;
  readonly cardTemplateId: string;
  /** Session webhooks are accepted only on this origin (the oapi host), never an arbitrary URL. */
  readonly sessionOrigin: string;
  readonly flowControlRetries?: number;
  readonly flowControlDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The open-platform calls Boundary makes, in the style of the official SDKs. */
export class OpenPlatformClient implements DirectoryLookup {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly http: DingTalkHttp,
    private readonly options: OpenPlatformOptions,
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Robot 1:1 messages, ≤ 20 users per call; throttled users (flowControlledStaffIdList) are retried. */
  async batchSend(userIds: readonly string[], msgKey: string, msgParam: Record<string, string>): Promise<BatchSendResult> {
    const invalid: string[] = [];
    const throttled: string[] = [];
    const unique = [...new Set(userIds)];
    for (let i = 0; i < unique.length; i += BATCH_SEND_MAX_USERS) {
      let chunk = unique.slice(i, i + BATCH_SEND_MAX_USERS);
      for (let round = 0; chunk.length; round++) {
        const res = await this.http.api<{ invalidStaffIdList?: string[]; flowControlledStaffIdList?: string[] }>(
          'POST',
          '/v1.0/robot/oToMessages/batchSend',
          { robotCode: this.options.robotCode, userIds: chunk, msgKey, msgParam: JSON.stringify(msgParam) },
        );
        invalid.push(...(res.invalidStaffIdList ?? []));
        const limited = res.flowControlledStaffIdList ?? [];
        if (!limited.length) break;
        if (round >= (this.options.flowControlRetries ?? 3)) {
          throttled.push(...limited);
          break;
        }
        await this.sleep((this.options.flowControlDelayMs ?? 1000) * (round + 1));
        chunk = limited;
      }
    }
    return { invalidUserIds: invalid, throttledUserIds: throttled };
  }

  async sendGroup(openConversationId: string, msgKey: string, msgParam: Record<string, string>): Promise<string | null> {
    const res = await this.http.api<{ processQueryKey?: string }>('POST', '/v1.0/robot/groupMessages/send', {
      robotCode: this.options.robotCode,
      openConversationId,
      msgKey,
      msgParam: JSON.stringify(msgParam),
    });
    return res.processQueryKey ?? null;
  }

  /** An interactive card into the user's 1:1 chat with the robot. */
  async createAndDeliverCard(card: CardDelivery): Promise<void> {
    const res = await this.http.api<{ success?: boolean; result?: { deliverResults?: Array<{ success?: boolean; errorMsg?: string }> } }>(
      'POST',
      '/v1.0/card/instances/createAndDeliver',
      {
        cardTemplateId: this.options.cardTemplateId,
        outTrackId: card.outTrackId,
        callbackType: card.callback.type,
        ...(card.callback.type === 'HTTP' ? { callbackRouteKey: card.callback.routeKey } : {}),
        cardData: { cardParamMap: card.params },
        openSpaceId: `dtv1.card//IM_ROBOT.${card.userId}`,
        imRobotOpenSpaceModel: { supportForward: false },
        imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode: this.options.robotCode },
        userIdType: 1,
      },
    );
    const failed = res.result?.deliverResults?.find((d) => d.success === false);
    if (res.success === false || failed)
      throw new DingTalkError('client', 'api', 200, 'card.deliver.failed', failed?.errorMsg ?? 'card not delivered');
  }

  /** Binds our card callback URL to a route key once (`forceUpdate` replaces an old URL). */
  async registerCardCallback(routeKey: string, callbackUrl: string, apiSecret: string | undefined): Promise<void> {
    await this.http.api('POST', '/v1.0/card/callbacks/register', {
      callbackRouteKey: routeKey,
      callbackUrl,
      ...(apiSecret ? { apiSecret } : {}),
      forceUpdate: true,
    });
  }

  /** Merges new public data into a card instance (`updateCardDataByKey`). */
  async updateCard(outTrackId: string, params: Readonly<Record<string, string>>): Promise<void> {
    await this.http.api('PUT', '/v1.0/card/instances', {
      outTrackId,
      cardData: { cardParamMap: params },
      cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
      userIdType: 1,
    });
  }

  /** Replies through an inbound message's sessionWebhook (no token; errcode 300001 = expired). */
  async replyInSession(url: string, title: string, markdown: string): Promise<void> {
    if (!this.sessionUrlAllowed(url))
      throw new DingTalkError('client', 'oapi', 0, 'SESSION_URL_REFUSED', 'session webhook not on the messenger host');
    await this.http.postUnauthenticated(url, { msgtype: 'markdown', markdown: { title, text: markdown } });
  }

  sessionUrlAllowed(url: string): boolean {
    try {
      return new URL(url).origin === new URL(this.options.sessionOrigin).origin;
    } catch {
      return false;
    }
  }

  /** Mini-app login-free: the auth code's user, or null when the code is unknown or used. */
  async userIdFromAuthCode(code: string): Promise<string | null> {
    try {
      const res = await this.http.oapi<{ result?: { userid?: string } }>('/topapi/v2/user/getuserinfo', { code });
      return res.result?.userid ?? null;
    } catch (e) {
      if (e instanceof DingTalkError && e.kind === 'client') return null;
      throw e;
    }
  }

  async getUser(userid: string, language: 'zh_CN' | 'en_US' = 'zh_CN'): Promise<DirectoryUser | null> {
    try {
      const res = await this.http.oapi<{ result?: DirectoryUser }>('/topapi/v2/user/get', { userid, language });
      return res.result ?? null;
    } catch (e) {
      if (e instanceof DingTalkError && e.code === '33012') return null;
      throw e;
    }
  }
}
