import type { CardMessage, Delivery, Messenger, TextMessage } from '../../core/messaging/messenger.port.js';
import { err, ok } from '../../core/shared/result.js';
import { DingTalkError } from './dingtalk-error.js';
import type { CardDelivery, OpenPlatformClient } from './open-platform.client.js';

/** Transport failures become delivery failures; anything else is a bug and is thrown. */
function failure(e: unknown): Delivery {
  if (e instanceof DingTalkError)
    return err({ code: `DINGTALK.${e.code}`, permanent: !e.retryable && e.kind !== 'invalid_token' });
  throw e;
}

/** The Messenger port on the DingTalk open platform. */
export class DingTalkMessenger implements Messenger {
  constructor(
    private readonly client: OpenPlatformClient,
    private readonly cardCallback: CardDelivery['callback'],
  ) {}

  async sendText(userIds: readonly string[], message: TextMessage): Promise<Delivery> {
    try {
      const res = await this.client.batchSend(userIds, 'sampleMarkdown', { title: message.title, text: message.markdown });
      if (res.throttledUserIds.length)
        return err({ code: 'DINGTALK.FLOW_CONTROLLED', permanent: false, userIds: res.throttledUserIds });
      if (res.invalidUserIds.length && res.invalidUserIds.length === userIds.length)
        return err({ code: 'DINGTALK.INVALID_USER', permanent: true });
      return ok(undefined);
    } catch (e) {
      return failure(e);
    }
  }

  async replyInSession(sessionUrl: string, message: TextMessage): Promise<Delivery> {
    try {
      await this.client.replyInSession(sessionUrl, message.title, message.markdown);
      return ok(undefined);
    } catch (e) {
      if (e instanceof DingTalkError) return err({ code: `DINGTALK.${e.code}`, permanent: true });
      throw e;
    }
  }

  async sendCard(userId: string, card: CardMessage): Promise<Delivery> {
    try {
      await this.client.createAndDeliverCard({ outTrackId: card.outTrackId, userId, params: card.params, callback: this.cardCallback });
      return ok(undefined);
    } catch (e) {
      return failure(e);
    }
  }

  async updateCard(card: CardMessage): Promise<Delivery> {
    try {
      await this.client.updateCard(card.outTrackId, card.params);
      return ok(undefined);
    } catch (e) {
      return failure(e);
    }
  }
}
