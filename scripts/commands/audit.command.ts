import { createWriteStream, readFileSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { KeyObject } from 'node:crypto';
import { CheckpointSigner, publicKeyFromBase64 } from '../../core/audit/checkpoint.js';
import { verifyChain, type VerifyReport } from '../../core/audit/verify-chain.js';
import { Database } from '../../storage/database.js';
import { SystemClock } from '../../storage/system.js';
import { takeCheckpoint, type CheckpointDeps } from '../../storage/audit/access-log-checkpoints.js';
import type { AccessLogFilter } from '../../storage/audit/access-log-query.js';
import { exportAccessLog } from '../../storage/audit/access-log-export.js';
import { pruneAccessLog, retentionCutoff } from '../../storage/audit/access-log-prune.js';
import { CheckpointFile } from '../../storage/audit/checkpoint-file.js';
import { EXPORT_FORMATS, parseExport, type ExportFormat } from '../../storage/audit/export-format.js';
import { MikroAccessLogSearch } from '../../storage/audit/mikro-access-log-search.repository.js';
import { verifyDatabase } from '../../storage/audit/verify-database.js';
import type { Config } from '../app/config.js';
import { parseFlags, type Command } from './command.js';

const USAGE = `Usage: boundary audit <verify|checkpoint|pubkey|export|search|prune> [options]
  verify     [--checkpoints FILE | --no-checkpoints] [--public-key B64] [--export FILE [--format jsonl|csv]]
  checkpoint                      sign the current chain head and append it to the checkpoint file
  pubkey                          print the checkpoint public key (give it to your auditor)
  export     [--format jsonl|csv] [--out FILE] [filters]
  search     [filters] [--keyword K] [--limit N] [--before SEQ]
  prune      [--before-date YYYY-MM-DD]   (default: older than AUDIT_RETENTION_YEARS)
filters: --actor ID --subject ID --purpose P --outcome O --field F --channel C --action A --from TIME --to TIME
`;

type Flags = Map<string, string | true>;
class UsageError extends Error {}

const str = (flags: Flags, name: string): string | undefined => {
  const v = flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
};
const time = (flags: Flags, name: string): Date | undefined => {
  const v = str(flags, name);
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new UsageError(`--${name} must be a date or ISO time`);
  return d;
};

function filterFrom(flags: Flags): AccessLogFilter {
  return {
    actorId: str(flags, 'actor'),
    subjectId: str(flags, 'subject'),
    purpose: str(flags, 'purpose'),
    outcome: str(flags, 'outcome'),
    field: str(flags, 'field'),
    channel: str(flags, 'channel'),
    action: str(flags, 'action'),
    from: time(flags, 'from'),
    to: time(flags, 'to'),
    keyword: str(flags, 'keyword'),
  };
}

function formatFrom(flags: Flags, fallback: ExportFormat = 'jsonl'): ExportFormat {
  const f = str(flags, 'format') ?? fallback;
  if (!(EXPORT_FORMATS as readonly string[]).includes(f)) throw new UsageError('--format must be jsonl or csv');
  return f as ExportFormat;
}

/** A one-line progress bar on stderr, only when a person is watching. */
function progressBar(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const started = process.hrtime.bigint();
  return (done, total) => {
    const pct = total ? Math.min(1, done / total) : 1;
    const secs = Number(process.hrtime.bigint() - started) / 1e9;
    const bar = '#'.repeat(Math.round(pct * 30)).padEnd(30, '.');
    process.stderr.write(`\r[${bar}] ${(pct * 100).toFixed(1)}% ${done}/${total} ${Math.round(done / Math.max(secs, 1e-3))}/s`);
  };
}

function printReport(report: VerifyReport): number {
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (report.failure) {
    const f = report.failure;
    process.stdout.write(`FAILED at seq ${f.seq}: ${f.kind} — ${f.message}\n`);
    return 1;
  }
  process.stdout.write(
    `ok: ${report.entries} entries verified (seq ${report.anchor.seq + 1}..${report.last.seq}), ${report.checkpointsMatched} checkpoints matched, head ${report.last.hash}\n`,
  );
  return 0;
}

async function verify(db: Database, config: Config, flags: Flags): Promise<number> {
  const useCheckpoints = !flags.has('no-checkpoints');
  const file = new CheckpointFile(str(flags, 'checkpoints') ?? config.audit.checkpointFile);
  const trustedKey: KeyObject = publicKeyFromBase64(str(flags, 'public-key') ?? new CheckpointSigner(config.audit.signingKeySeed).publicKey);
  const checkpoints = useCheckpoints ? file.read() : [];
  const exported = str(flags, 'export');
  if (exported) {
    // Offline: an exported file against the checkpoints, no database needed beyond this process.
    const entries = [...parseExport(readFileSync(exported, 'utf8'), formatFrom(flags, exported.endsWith('.csv') ? 'csv' : 'jsonl'))];
    const first = entries[0];
    const anchor = first?.prevHash ? { seq: first.seq - 1, hash: first.prevHash } : undefined;
    return printReport(await verifyChain(entries, { checkpoints, trustedKey, anchor, allowGaps: flags.has('filtered') }));
  }
  return printReport(await verifyDatabase(db, { checkpoints, trustedKey, onProgress: progressBar() }));
}

async function run(db: Database, config: Config, sub: string, flags: Flags): Promise<number> {
  const deps: CheckpointDeps = {
    db,
    signer: new CheckpointSigner(config.audit.signingKeySeed),
    file: new CheckpointFile(config.audit.checkpointFile),
    clock: new SystemClock(),
  };
  switch (sub) {
    case 'verify':
      return verify(db, config, flags);
    case 'pubkey':
      process.stdout.write(`${deps.signer.publicKey}\n`);
      return 0;
    case 'checkpoint': {
      const c = await takeCheckpoint(deps, 'forced');
      process.stdout.write(`${JSON.stringify(c)}\nappended to ${deps.file.path}\npublic key: ${deps.signer.publicKey}\n`);
      return 0;
    }
    case 'export': {
      const outPath = str(flags, 'out');
      const out = outPath ? createWriteStream(outPath, { mode: 0o600 }) : process.stdout;
      const rows = await exportAccessLog(db, out, { format: formatFrom(flags), filter: filterFrom(flags) });
      if (outPath) {
        out.end();
        await finished(out);
      }
      process.stderr.write(`exported ${rows} entries\n`);
      return 0;
    }
    case 'search': {
      const limit = Number(str(flags, 'limit') ?? 20);
      const before = str(flags, 'before');
      const page = await new MikroAccessLogSearch(db.fork(), db.driver).search({
        ...filterFrom(flags),
        limit,
        beforeSeq: before === undefined ? undefined : Number(before),
      });
      for (const e of page.entries) process.stdout.write(`${JSON.stringify({ ...e, at: e.at.toISOString() })}\n`);
      process.stderr.write(page.nextBeforeSeq === null ? 'end of results\n' : `more: --before ${page.nextBeforeSeq}\n`);
      return 0;
    }
    case 'prune': {
      const cutoff = time(flags, 'before-date') ?? retentionCutoff(deps.clock.now(), config.audit.retentionYears);
      if (cutoff > retentionCutoff(deps.clock.now(), config.audit.retentionYears))
        throw new UsageError(`--before-date may not be later than the retention limit (${config.audit.retentionYears} years)`);
      // Never sign a prune checkpoint over a chain that does not verify: it would launder the tampering.
      const report = await verifyDatabase(db, { checkpoints: deps.file.read(), trustedKey: publicKeyFromBase64(deps.signer.publicKey) });
      if (!report.ok) return printReport(report);
      const result = await pruneAccessLog(deps, cutoff);
      process.stdout.write(
        result && result.removed
          ? `pruned ${result.removed} entries before ${cutoff.toISOString()}; the chain now starts after seq ${result.anchor.seq} (prune checkpoint written)\n`
          : `nothing older than ${cutoff.toISOString()}\n`,
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown audit command: ${sub}`);
  }
}

export const auditCommand: Command = {
  name: 'audit',
  async run({ config, args }) {
    const { flags, positionals } = parseFlags(args);
    const sub = positionals[0];
    if (!sub || flags.has('help')) {
      process.stdout.write(USAGE);
      return sub ? 0 : 2;
    }
    const db = await Database.open({ driver: config.database.driver, url: config.database.url });
    try {
      await db.migrate();
      return await run(db, config, sub, flags);
    } catch (e) {
      if (e instanceof UsageError) {
        process.stderr.write(`${e.message}\n${USAGE}`);
        return 2;
      }
      throw e;
    } finally {
      await db.close();
    }
  },
};
