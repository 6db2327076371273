import type { CardActionListener, CommandListener } from '../dispatcher/bot-context.js';
import type { DispatcherOptions } from '../dispatcher/dispatcher.js';
import { setLocaleAction } from '../actions/set-locale.action.js';
import { helpCommand, unknownCommand } from './help.command.js';
import { languageCommand } from './language.command.js';
import { myProfileCommand } from './my-profile.command.js';
import { whoViewedCommand, type WhoViewedMyData } from './who-viewed.command.js';
import type { ContactBotDeps } from './contact-support.js';
import { contactCommand } from './contact.command.js';
import { dataAskCommand } from './contact-data-ask.command.js';
import { hrContactQueueCommand, myContactRequestsCommand } from './contact-requests.command.js';
import { contactDraftFallback } from './contact-draft.command.js';
import { contactCancelAction, contactDiscardAction, contactPickAction, contactReasonAction, contactSubmitAction } from '../actions/contact-compose.action.js';
import { contactReviewAction } from '../actions/contact-review.action.js';
import type { OffboardingBotDeps } from './offboarding-support.js';
import { resignCommand } from './resign.command.js';
import { withdrawResignationCommand } from './withdraw-resignation.command.js';
import { privacyCommand } from './privacy.command.js';
import { offboardingAnswerAction, offboardingDecideAction, resignFileAction, resignWithdrawAction } from '../actions/offboarding.action.js';
import { consentSetAction } from '../actions/consent.action.js';
import { consentAnswerAction } from '../actions/consent-prompt.action.js';

/** Use cases of other features the commands call; each is optional until its feature lands. */
export interface CommandDeps {
  readonly whoViewedMyData?: WhoViewedMyData;
  readonly contact?: ContactBotDeps;
  readonly offboarding?: OffboardingBotDeps;
}

/**
 * The registry. Adding a feature command is one file plus one line here; order matters only
 * where phrasings overlap (the more specific command first).
 */
export function botListeners(deps: CommandDeps): DispatcherOptions {
  const commands: CommandListener[] = [
    helpCommand,
    // A direct data ask first: "给我张三父母的电话" must be refused, not read as a contact request.
    ...(deps.contact ? [dataAskCommand(deps.contact), contactCommand(deps.contact), myContactRequestsCommand(deps.contact), hrContactQueueCommand(deps.contact)] : []),
    ...(deps.whoViewedMyData ? [whoViewedCommand(deps.whoViewedMyData)] : []),
    // Withdrawal before resignation: "撤回离职申请" must not read as a new one.
    ...(deps.offboarding ? [withdrawResignationCommand, resignCommand, privacyCommand] : []),
    myProfileCommand,
    languageCommand,
  ];
  const cardActions: CardActionListener[] = [setLocaleAction];
  if (deps.contact)
    cardActions.push(contactPickAction, contactReasonAction, contactSubmitAction(deps.contact), contactDiscardAction, contactCancelAction(deps.contact), contactReviewAction(deps.contact));
  if (deps.offboarding)
    cardActions.push(resignFileAction(deps.offboarding), resignWithdrawAction(deps.offboarding), offboardingDecideAction(deps.offboarding), offboardingAnswerAction(deps.offboarding), consentSetAction(deps.offboarding), consentAnswerAction(deps.offboarding));
  return { commands, cardActions, fallback: deps.contact ? contactDraftFallback(deps.contact, unknownCommand) : unknownCommand };
}
