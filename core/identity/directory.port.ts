/**
 * The messenger's directory as the mini-app login needs it: exchange a one-time auth code
 * (DingTalk `requestAuthCode`) for the messenger user id. Implemented by the bot's client.
 */
export interface DirectoryLookup {
  userIdFromAuthCode(code: string): Promise<string | null>;
}
