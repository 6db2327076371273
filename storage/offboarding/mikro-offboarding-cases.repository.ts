import type { OffboardingCase } from '../../core/offboarding/offboarding-case.js';
import type { CorrectionRequest, CorrectionRequests, OffboardingCases } from '../../core/offboarding/offboarding.port.js';
import { domainError } from '../../core/shared/domain-error.js';
import { iso, isoOrNull, num, strOrNull, Sql, type Row } from '../records/sql.js';

/** The indexed columns are copies of the document's fields; the document is the truth. */
const toCase = (r: Row): OffboardingCase => ({ ...(JSON.parse(String(r.document)) as OffboardingCase), version: num(r.version) });

/** Thrown on a stale save; the transaction rolls back (a lost race, not a refusal). */
export class StaleCaseError extends Error {
  readonly error = domainError('RECORD.CONFLICT', { kind: 'offboarding_case' });
  constructor(id: string) {
    super(`stale offboarding case ${id}`);
    this.name = 'StaleCaseError';
  }
}

export class MikroOffboardingCases implements OffboardingCases {
  constructor(private readonly sql: Sql) {}

  async get(id: string): Promise<OffboardingCase | null> {
    const r = await this.sql.get('select document, version from offboarding_cases where id = ?', [id]);
    return r ? toCase(r) : null;
  }

  async openFor(employeeId: string): Promise<OffboardingCase | null> {
    const r = await this.sql.get(
      `select document, version from offboarding_cases where employee_id = ? and status in ('awaiting_approval', 'pending_departure')
       order by filed_at desc, id desc limit 1`,
      [employeeId],
    );
    return r ? toCase(r) : null;
  }

  async latestFor(employeeId: string): Promise<OffboardingCase | null> {
    const r = await this.sql.get('select document, version from offboarding_cases where employee_id = ? order by filed_at desc, id desc limit 1', [employeeId]);
    return r ? toCase(r) : null;
  }

  async dueForDeparture(date: string, limit: number): Promise<OffboardingCase[]> {
    const rows = await this.sql.all(
      "select document, version from offboarding_cases where status = 'pending_departure' and last_day <= ? order by last_day, id limit ?",
      [date, limit],
    );
    return rows.map(toCase);
  }

  async listOpen(limit: number): Promise<OffboardingCase[]> {
    const rows = await this.sql.all(
      "select document, version from offboarding_cases where status in ('awaiting_approval', 'pending_departure') order by last_day, id limit ?",
      [limit],
    );
    return rows.map(toCase);
  }

  async save(c: OffboardingCase): Promise<OffboardingCase> {
    const next = { ...c, version: c.version + 1 };
    const doc = JSON.stringify(next);
    if (c.version === 0) {
      await this.sql.run(
        'insert into offboarding_cases (id, employee_id, status, last_day, filed_at, document, version) values (?, ?, ?, ?, ?, ?, ?)',
        [c.id, c.employeeId, c.status, c.lastDay, c.filedAt, doc, next.version],
      );
      return next;
    }
    const changed = await this.sql.run('update offboarding_cases set status = ?, last_day = ?, document = ?, version = ? where id = ? and version = ?', [
      c.status,
      c.lastDay,
      doc,
      next.version,
      c.id,
      c.version,
    ]);
    if (changed !== 1) throw new StaleCaseError(c.id);
    return next;
  }
}

const toCorrection = (r: Row): CorrectionRequest => ({
  id: String(r.id),
  employeeId: String(r.employee_id),
  field: String(r.field),
  note: String(r.note),
  status: String(r.status) as CorrectionRequest['status'],
  requestedAt: iso(r.requested_at),
  decidedBy: strOrNull(r.decided_by),
  decidedAt: isoOrNull(r.decided_at),
});

export class MikroCorrectionRequests implements CorrectionRequests {
  constructor(private readonly sql: Sql) {}

  async get(id: string): Promise<CorrectionRequest | null> {
    const r = await this.sql.get('select * from correction_requests where id = ?', [id]);
    return r ? toCorrection(r) : null;
  }

  async listFor(employeeId: string): Promise<CorrectionRequest[]> {
    return (await this.sql.all('select * from correction_requests where employee_id = ? order by requested_at, id', [employeeId])).map(toCorrection);
  }

  async listOpen(limit: number): Promise<CorrectionRequest[]> {
    return (await this.sql.all("select * from correction_requests where status = 'open' order by requested_at, id limit ?", [limit])).map(toCorrection);
  }

  async save(r: CorrectionRequest): Promise<void> {
    await this.sql.run(
      `insert into correction_requests (id, employee_id, field, note, status, requested_at, decided_by, decided_at) values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (id) do update set status = excluded.status, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
      [r.id, r.employeeId, r.field, r.note, r.status, r.requestedAt, r.decidedBy, r.decidedAt],
    );
  }
}
