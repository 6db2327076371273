import { dataKeysPerKek, rotateMasterKey } from '../../storage/crypto/key-rotation.js';
import { ProgressBar } from '../roster/progress-bar.js';
import { openRecordsStorage } from '../roster/records-storage.js';
import { parseFlags, type Command } from './command.js';

const USAGE = `usage: boundary keys status
       boundary keys rotate [--batch 500]

Rotation: set BOUNDARY_MASTER_KEY to the new key and BOUNDARY_RETIRED_MASTER_KEYS to the old
one, restart the servers (they read with both), run \`keys rotate\`, then drop the old key.
`;

/** `keys status` counts data keys per master key; `keys rotate` re-wraps them under the current one. */
export const keysCommand: Command = {
  name: 'keys',
  async run({ config, args }) {
    const { flags, positionals } = parseFlags(args);
    const [action] = positionals;
    const batch = Number(flags.get('batch') ?? 500);
    if ((action !== 'status' && action !== 'rotate') || !Number.isInteger(batch) || batch < 1) {
      process.stderr.write(USAGE);
      return 64; // EX_USAGE
    }
    const ctx = await openRecordsStorage(config);
    try {
      const current = ctx.keyring.currentKekId;
      const show = (counts: Map<string, number>) => {
        if (counts.size === 0) process.stdout.write('no data keys\n');
        for (const [kek, n] of counts) {
          const role = kek === current ? 'current' : ctx.keyring.has(kek) ? 'retired (in ring)' : 'UNKNOWN (not configured)';
          process.stdout.write(`${kek}  ${String(n).padStart(9)} data key(s)  ${role}\n`);
        }
      };
      if (action === 'status') {
        show(await dataKeysPerKek(ctx.db));
        return 0;
      }
      const bar = new ProgressBar(process.stderr, 'rotating');
      let total = 0;
      const result = await rotateMasterKey(ctx.db, ctx.keyring, {
        batchSize: batch,
        onProgress: (p) => {
          total = Math.max(total, p.rewrapped + p.remaining);
          bar.update(p.rewrapped, total);
        },
      });
      bar.done();
      process.stdout.write(`re-wrapped ${result.rewrapped} data key(s) under ${current}\n`);
      show(await dataKeysPerKek(ctx.db));
      if (result.unreadable.length) {
        process.stderr.write(`${result.unreadable.length} wrapped data key(s) failed authentication and were left as they are: ${result.unreadable.join(', ')}\n`);
      }
      process.stdout.write(`${result.leftUnderRetired} data key(s) left under retired master keys\n`);
      return result.leftUnderRetired === 0 ? 0 : 1;
    } finally {
      await ctx.db.close();
    }
  },
};
