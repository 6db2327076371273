import type { Config } from '../app/config.js';
import type { Logger } from '../app/logger.js';

export interface CommandContext {
  readonly config: Config;
  readonly log: Logger;
  readonly args: readonly string[];
}

export interface Command {
  readonly name: string;
  /** Resolves to the exit code; -1 means "keep running" (serve). */
  run(ctx: CommandContext): Promise<number>;
}

/** Minimal flag parser: --key value, --key=value, --flag; the rest are positionals. */
export function parseFlags(args: readonly string[]): { flags: Map<string, string | true>; positionals: string[] } {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else {
        const next = args[i + 1];
        if (next !== undefined && !next.startsWith('--')) {
          flags.set(a.slice(2), next);
          i++;
        } else flags.set(a.slice(2), true);
      }
    } else positionals.push(a);
  }
  return { flags, positionals };
}
