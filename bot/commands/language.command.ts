import { requiresEmployee, type CommandListener } from '../dispatcher/bot-context.js';
import { matcher } from '../dispatcher/matchers.js';

const matches = matcher(['language', 'lang', '语言', '切换语言', 'english', '中文', 'change language'], [/^(switch|change|set) (the )?language/, /^(切换|设置)(成|为)?(中文|英文|语言)/u]);

/** Sends the language card; the choice arrives as the `set_locale` card action. */
export const languageCommand: CommandListener = {
  id: 'language',
  guard: requiresEmployee,
  matches,
  handle: async () => [{ kind: 'card', card: 'language', data: { status: null } }],
};
