import type { Writable } from 'node:stream';
import type { AccessLogReader } from '../../../core/audit/access-log.port.js';
import { CheckpointSigner, publicKeyFromBase64, type Checkpoint } from '../../../core/audit/checkpoint.js';
import type { VerifyReport } from '../../../core/audit/verify-chain.js';
import { whoViewedMyData, type DataView } from '../../../core/audit/who-viewed-my-data.use-case.js';
import type { Transactor } from '../../../core/shared/unit-of-work.port.js';
import { checkpointIfDue, takeCheckpoint, type CheckpointDeps } from '../../../storage/audit/access-log-checkpoints.js';
import { exportAccessLog, type ReadOptions } from '../../../storage/audit/access-log-export.js';
import { oldestEntryTime, pruneAccessLog, retentionCutoff } from '../../../storage/audit/access-log-prune.js';
import { CheckpointFile } from '../../../storage/audit/checkpoint-file.js';
import type { ExportFormat } from '../../../storage/audit/export-format.js';
import { MikroAccessLogSearch } from '../../../storage/audit/mikro-access-log-search.repository.js';
import { verifyDatabase } from '../../../storage/audit/verify-database.js';
import type { ViewRecord, WhoViewedMyData } from '../../../bot/commands/who-viewed.command.js';
import type { AppModule, AppServices } from './module.js';

/** What the audit console (mini-app routes) and the bot use; published as registry key `audit`. */
export interface AuditServices {
  /** A reader on its own EntityManager fork (search is read-only, outside any transaction). */
  reader(): AccessLogReader;
  exportTo(out: Writable, options: ReadOptions & { readonly format: ExportFormat }): Promise<number>;
  verify(): Promise<VerifyReport>;
  checkpoint(): Promise<Checkpoint>;
  /** Who looked at this employee's data (the mini-app page); never others' justifications. */
  whoViewed(employeeId: string, options: { beforeSeq?: number; limit?: number }): Promise<{ views: DataView[]; nextBeforeSeq: number | null } | null>;
  readonly publicKey: string;
}

export const AUDIT_SERVICE = 'audit';
/** The bot module looks this key up for 谁看过我的信息 / who viewed my data. */
const WHO_VIEWED_SERVICE = 'whoViewedMyData';
const TRANSACTOR_SERVICE = 'transactor';

function auditServices(s: AppServices): AuditServices {
  const deps: CheckpointDeps = {
    db: s.db,
    signer: new CheckpointSigner(s.config.audit.signingKeySeed),
    file: new CheckpointFile(s.config.audit.checkpointFile),
    clock: s.clock,
  };
  const trustedKey = publicKeyFromBase64(deps.signer.publicKey);
  const reader = () => new MikroAccessLogSearch(s.db.fork(), s.db.driver);
  return {
    reader,
    exportTo: (out, options) => exportAccessLog(s.db, out, options),
    verify: () => verifyDatabase(s.db, { checkpoints: deps.file.read(), trustedKey }),
    checkpoint: () => takeCheckpoint(deps, 'forced'),
    publicKey: deps.signer.publicKey,
    async whoViewed(employeeId, options) {
      // Employees and departments come from the shared transactor (published by the bot module).
      const transactor = s.registry.get(TRANSACTOR_SERVICE) as Transactor | undefined;
      if (!transactor) throw new Error('service transactor is not registered');
      // Search on its own fork and each lookup in its own short transaction, never nested: on
      // SQLite the pool has one connection, and a search inside a transaction would wait for it.
      const result = await whoViewedMyData(
        {
          log: reader(),
          employees: { get: (id) => transactor.run((uow) => uow.employees.get(id)) },
          departments: { get: (id) => transactor.run((uow) => uow.departments.get(id)) },
        },
        { employeeId, ...options },
      );
      return result.ok ? result.value : null;
    },
  };
}

/** The chat summary: "研发部 · 王强 (dept_head)"; codes, not prose — the bot owns the words. */
const whoLabel = (v: DataView): string =>
  [v.viewerDepartment, v.viewer ?? 'system'].filter(Boolean).join(' · ') + (v.viewerRole ? ` (${v.viewerRole})` : '');

export const auditModule: AppModule = {
  name: 'audit',
  init(s) {
    const audit = auditServices(s);
    s.registry.set(AUDIT_SERVICE, audit);
    const whoViewed: WhoViewedMyData = async (employeeId, limit, uow) => {
      const log = uow.accessLogReader;
      if (!log) throw new Error('unit of work has no accessLogReader: wire its repository factory');
      const page = await whoViewedMyData({ log, employees: uow.employees, departments: uow.departments }, { employeeId, limit });
      return (page.ok ? page.value.views : []).map((v): ViewRecord => ({ at: v.at, who: whoLabel(v), fields: v.fields, purpose: v.purpose, outcome: v.outcome }));
    };
    s.registry.set(WHO_VIEWED_SERVICE, whoViewed);
  },
  jobs(s) {
    const deps: CheckpointDeps = {
      db: s.db,
      signer: new CheckpointSigner(s.config.audit.signingKeySeed),
      file: new CheckpointFile(s.config.audit.checkpointFile),
      clock: s.clock,
    };
    const policy = { everyEntries: s.config.audit.checkpointEveryEntries, everyMinutes: s.config.audit.checkpointEveryMinutes };
    return [
      {
        // A cheap check every minute: signs when N entries or M minutes with new entries have passed.
        name: 'audit.checkpoint',
        schedule: '* * * * *',
        run: async () => {
          const c = await checkpointIfDue(deps, policy);
          if (c) s.log.info({ seq: c.seq, kind: c.kind }, 'audit checkpoint signed');
        },
      },
      {
        name: 'audit.retention',
        schedule: '30 3 * * *',
        run: async () => {
          const cutoff = retentionCutoff(s.clock.now(), s.config.audit.retentionYears);
          const oldest = await oldestEntryTime(s.db);
          if (!oldest || oldest >= cutoff) return;
          // Verify before signing a prune checkpoint: pruning must never launder tampering.
          const report = await verifyDatabase(s.db, { checkpoints: deps.file.read(), trustedKey: publicKeyFromBase64(deps.signer.publicKey) });
          if (!report.ok) {
            s.log.error({ seq: report.failure?.seq, kind: report.failure?.kind }, 'audit chain does not verify; retention prune skipped');
            return;
          }
          const result = await pruneAccessLog(deps, cutoff);
          if (result?.removed) s.log.info({ removed: result.removed, anchorSeq: result.anchor.seq }, 'audit retention prune');
        },
      },
    ];
  },
};
