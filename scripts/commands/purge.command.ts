import { MikroTransactor } from '../../storage/unit-of-work.js';
import { ALL_REPOSITORY_FACTORIES } from '../app/modules/platform.module.js';
import { logPurge, runPurge } from '../app/modules/offboarding.module.js';
import { openRecordsStorage } from '../roster/records-storage.js';
import { parseFlags, type Command } from './command.js';

const USAGE = `usage: boundary purge [--dry-run] [--batch N]

Erases what the retention policy says is due: destroys data keys (crypto-shredding), deletes
ciphertext, anonymises people with nothing left to keep. --dry-run lists what would go.
--batch N: people per transaction (default: sized as it goes, about 25 ms per transaction).
`;

/** `purge` runs the retention purge now; `purge --dry-run` prints what it would erase, changing nothing. */
export const purgeCommand: Command = {
  name: 'purge',
  async run({ config, args, log }) {
    const { flags, positionals } = parseFlags(args);
    const batch = flags.get('batch');
    const batchSize = batch === undefined ? undefined : typeof batch === 'string' && /^\d+$/.test(batch) ? Number(batch) : NaN;
    if (positionals.length || (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1))) {
      process.stderr.write(USAGE);
      return 64;
    }
    const dryRun = flags.get('dry-run') === true;
    const ctx = await openRecordsStorage(config);
    try {
      const tx = new MikroTransactor(ctx, ALL_REPOSITORY_FACTORIES);
      const r = await runPurge({ tx, clock: ctx.clock, db: ctx.db }, { dryRun, batchSize });
      if (r.status === 'locked') {
        process.stderr.write('another instance is purging right now; nothing was done\n');
        return 75; // EX_TEMPFAIL
      }
      // Ids, employee numbers, scopes and field names: never a value.
      for (const i of r.items) {
        const what = i.held ? 'HELD (legal hold), skipped' : [...i.scopes.map((s) => `scope:${s}`), ...i.fields.map((f) => `field:${f}`)].join(' ');
        process.stdout.write(`${i.employeeNo}\t${i.employeeId}\t${i.anonymise ? 'anonymise ' : ''}${what}\n`);
      }
      const verb = dryRun ? 'would erase' : 'erased';
      process.stdout.write(
        `${verb}: ${r.purged} person(s), ${r.keysDestroyed} data key(s), ${r.anonymised} anonymised; ${r.held.length} on legal hold; ${r.examined} former employee(s) examined\n`,
      );
      if (!dryRun) logPurge(log, r);
      return 0;
    } finally {
      await ctx.db.close();
      if ('secrets' in ctx.keyring) (ctx.keyring as { secrets: { close(): void } }).secrets.close();
    }
  },
};
