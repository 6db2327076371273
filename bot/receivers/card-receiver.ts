import { parseCardCallback, type CardCallback, type CardCallbackResponse } from './card-callback.js';
import { parseJson, refused, type CallbackRequest, type CallbackResponse } from './http-callback.js';
import { cardSign, verifySignedTimestamp } from './signature.js';

export interface CardReceiverOptions {
  /** The apiSecret registered with the callback route; unset = the platform does not sign. */
  readonly secret: string | undefined;
  /** No skew is documented for card callbacks; five minutes is our choice. */
  readonly windowMs?: number;
  readonly now: () => number;
  readonly run: (callback: CardCallback) => Promise<CardCallbackResponse>;
}

/** POST /dingtalk/card: verify x-ddpaas-signature (when configured), run the action, answer the card update. */
export class CardReceiver {
  constructor(private readonly options: CardReceiverOptions) {}

  async handle(req: CallbackRequest): Promise<CallbackResponse> {
    const { secret, now } = this.options;
    if (secret !== undefined) {
      const check = verifySignedTimestamp(
        req.header('x-ddpaas-signature-timestamp'),
        req.header('x-ddpaas-signature'),
        (ts) => cardSign(ts, secret),
        now(),
        this.options.windowMs ?? 5 * 60 * 1000,
      );
      if (!check.ok) return refused(401, 'DINGTALK.SIGNATURE', 'Signature check failed', check.reason);
    }
    const callback = parseCardCallback(parseJson(req.rawBody));
    if (!callback) return refused(400, 'DINGTALK.BAD_CARD_CALLBACK', 'Not a card callback', 'bad_body');
    return { status: 200, body: await this.options.run(callback) };
  }
}
