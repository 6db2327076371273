import { text, type CommandListener } from '../dispatcher/bot-context.js';
import { matcher } from '../dispatcher/matchers.js';

const matches = matcher(
  ['help', '帮助', '?', '？', 'menu', '菜单', '说明', 'hi', 'hello', '你好', '您好', 'start'],
  [/^(你|您)?能(帮我)?(做|干)(些)?什么/u, /^what can (you|i) do/, /^how (do|does) (this|it|boundary) work/, /怎么用/u],
);

/** The overview: available to everyone, registered or not. */
export const helpCommand: CommandListener = {
  id: 'help',
  matches,
  handle: async (ctx) => [text('help.title', { key: 'help.body', params: { miniappUrl: ctx.settings.miniappUrl } })],
};

/** Anything we did not understand gets the overview with a short apology, never silence. */
export const unknownCommand: CommandListener = {
  id: 'unknown',
  matches: () => true,
  handle: async (ctx) => [
    text('help.title', { key: 'help.unknown' }, { key: 'help.body', params: { miniappUrl: ctx.settings.miniappUrl } }),
  ],
};
