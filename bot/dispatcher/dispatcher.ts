import type { BotContext, CardActionInput, CardActionListener, CardActionResult, CommandListener, Reply } from './bot-context.js';
import { text } from './bot-context.js';

export interface DispatcherOptions {
  readonly commands: readonly CommandListener[];
  readonly cardActions: readonly CardActionListener[];
  /** The command that answers anything unrecognised (never silence). */
  readonly fallback: CommandListener;
}

/**
 * Routes chat text to the first command whose matcher accepts it, and card presses by
 * actionId. The dispatcher never sees HTTP or the stream: receivers hand it parsed input.
 */
export class Dispatcher {
  constructor(private readonly options: DispatcherOptions) {}

  async onText(ctx: BotContext, input: string): Promise<readonly Reply[]> {
    const command = this.options.commands.find((c) => c.matches(input)) ?? this.options.fallback;
    const refusal = command.guard?.(ctx) ?? null;
    if (refusal) return [text('help.title', { key: refusal })];
    return command.handle(ctx, { text: input });
  }

  /** Non-text messages (pictures, files…) get the overview too. */
  onUnsupported(ctx: BotContext): Promise<readonly Reply[]> {
    return this.options.fallback.handle(ctx, { text: '' });
  }

  async onCardAction(ctx: BotContext, actionId: string, input: CardActionInput): Promise<CardActionResult> {
    const action = this.options.cardActions.find((a) => a.actionId === actionId);
    if (!action) return { replies: [text('help.title', { key: 'card.failed' })] };
    const refusal = action.guard?.(ctx) ?? null;
    if (refusal) return { replies: [text('help.title', { key: refusal })] };
    return action.handle(ctx, input);
  }
}
