import type { CardActionListener, CommandListener } from '../dispatcher/bot-context.js';
import type { DispatcherOptions } from '../dispatcher/dispatcher.js';
import { setLocaleAction } from '../actions/set-locale.action.js';
import { helpCommand, unknownCommand } from './help.command.js';
import { languageCommand } from './language.command.js';
import { myProfileCommand } from './my-profile.command.js';
import { whoViewedCommand, type WhoViewedMyData } from './who-viewed.command.js';

/** Use cases of other features the commands call; each is optional until its feature lands. */
export interface CommandDeps {
  readonly whoViewedMyData?: WhoViewedMyData;
}

/**
 * The registry. Adding a feature command is one file plus one line here; order matters only
 * where phrasings overlap (the more specific command first).
 */
export function botListeners(deps: CommandDeps): DispatcherOptions {
  const commands: CommandListener[] = [
    helpCommand,
    ...(deps.whoViewedMyData ? [whoViewedCommand(deps.whoViewedMyData)] : []),
    myProfileCommand,
    languageCommand,
  ];
  const cardActions: CardActionListener[] = [setLocaleAction];
  return { commands, cardActions, fallback: unknownCommand };
}
