import type { InboxWriter } from '../../core/messaging/inbox.port.js';
import { parseJson, refused, type CallbackRequest, type CallbackResponse } from './http-callback.js';
import { parseRobotMessage } from './robot-message.js';
import { robotSigner, verifySignedTimestamp } from './signature.js';

export interface RobotReceiverOptions {
  /** The app secret (DINGTALK_CLIENT_SECRET) the platform signs with. */
  readonly secret: string;
  /** Accepted clock skew; the platform's 1 h by default, tighter allowed. */
  readonly windowMs: number;
  readonly inbox: InboxWriter;
  readonly now: () => number;
}

const ACK = { msgtype: 'empty' } as const;

/**
 * POST /dingtalk/robot. Verifies timestamp + sign from the headers before looking at the body
 * (the sign covers only the timestamp), stores the message in the durable inbox and answers
 * 200 once it is committed. Duplicates (same msgId) are acknowledged and not stored again;
 * two genuine messages that share a timestamp (and so a sign) are both accepted.
 */
export class RobotReceiver {
  private readonly sign: (timestamp: string) => string;

  constructor(private readonly options: RobotReceiverOptions) {
    this.sign = robotSigner(options.secret);
  }

  async handle(req: CallbackRequest): Promise<CallbackResponse> {
    const { windowMs, now } = this.options;
    const check = verifySignedTimestamp(req.header('timestamp'), req.header('sign'), this.sign, now(), windowMs);
    if (!check.ok) return refused(401, 'DINGTALK.SIGNATURE', 'Signature check failed', check.reason);
    const message = parseRobotMessage(parseJson(req.rawBody));
    if (!message) return refused(400, 'DINGTALK.BAD_MESSAGE', 'Not a robot message', 'bad_body');
    await this.options.inbox.write({
      msgId: message.msgId,
      transport: 'http',
      receivedAt: now(),
      payload: JSON.stringify(message),
    });
    return { status: 200, body: ACK };
  }
}
