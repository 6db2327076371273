import type { EntityManager } from '@mikro-orm/knex';
import type { AccessLogWriter } from '../../core/audit/access-log.port.js';
import { importRoster } from '../../core/records/roster-import.use-case.js';
import type { Driver } from '../../storage/database.js';
import { MikroRosterStore } from '../../storage/records/mikro-roster-store.js';
import { promptPortsFor } from '../../storage/consent/prompt-ports.js';
import { ProgressBar } from '../roster/progress-bar.js';
import { formatOf, readRosterFile, RosterFileError } from '../roster/roster-file.js';
import { formatProblems } from '../roster/roster-report.js';
import { openRecordsStorage } from '../roster/records-storage.js';
import { parseFlags, type Command } from './command.js';

export interface ImportCommandDeps {
  /** Appends the import's access-log entry inside the import transaction, when the log is wired. */
  readonly accessLog?: (em: EntityManager, driver: Driver) => AccessLogWriter;
}

const USAGE = 'usage: boundary import <file.csv|file.json> [--format csv|json] [--actor <who>]\n';

/** `import <file>`: all-or-nothing roster import (CSV or JSON), upserting by employee_no. */
export function createImportCommand(deps: ImportCommandDeps = {}): Command {
  return {
    name: 'import',
    async run({ config, args }) {
      const { flags, positionals } = parseFlags(args);
      const [path] = positionals;
      if (!path) {
        process.stderr.write(USAGE);
        return 64; // EX_USAGE
      }
      let input;
      let format;
      try {
        format = formatOf(path, typeof flags.get('format') === 'string' ? (flags.get('format') as string) : undefined);
        input = readRosterFile(path, format);
      } catch (e) {
        if (!(e instanceof RosterFileError)) throw e;
        process.stderr.write(`Import refused: ${e.message}; nothing was written.\n`);
        return 65; // EX_DATAERR
      }
      const ctx = await openRecordsStorage(config);
      const bar = new ProgressBar(process.stderr, 'importing');
      try {
        const actor = flags.get('actor');
        const started = performance.now();
        // Newcomers are asked for consent in the import's transaction (through the outbox).
        const store = new MikroRosterStore(ctx, deps.accessLog && ((em) => deps.accessLog!(em, ctx.db.driver)), promptPortsFor(ctx));
        const result = await importRoster(
          { store, clock: ctx.clock },
          { ...input, actorId: typeof actor === 'string' ? actor : null, channel: 'cli', onProgress: (d, t) => bar.update(d, t) },
        );
        bar.done();
        if (!result.ok) {
          process.stderr.write(formatProblems(result.error, format));
          return 65;
        }
        const c = result.value;
        const secs = ((performance.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          `imported ${input.rows.length} row(s) in ${secs}s: ${c.created} created, ${c.updated} updated, ` +
            `${c.departmentsCreated} department(s) created, ${c.vaultFieldsWritten} encrypted field(s) written\n`,
        );
        return 0;
      } finally {
        await ctx.db.close();
      }
    },
  };
}

export const importCommand = createImportCommand();
