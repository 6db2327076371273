import { DAY_MS } from '../shared/clock.port.js';
import type { Employee } from '../records/employee.js';
import type { FieldCatalog, FieldDefinition, KeyScope } from '../records/field-catalog.js';

/** When a field of a former employee must be gone; `null` = kept (part of the minimal record). */
export interface FieldDeadline {
  readonly field: string;
  readonly scope: KeyScope;
  readonly storage: FieldDefinition['storage'];
  readonly deleteAt: Date | null;
}

const dateOnly = (iso: string): Date => new Date(`${iso.slice(0, 10)}T00:00:00.000Z`);
const plusDays = (d: Date, days: number): Date => new Date(d.getTime() + days * DAY_MS);

/** When a former employee's timers started: departure, and final pay (departure when unknown). */
interface Bases {
  readonly departed: Date;
  readonly finalPay: Date;
}

function basesOf(employee: Employee): Bases | null {
  const departed = employee.separation.departedAt ? new Date(employee.separation.departedAt) : null;
  if (employee.status !== 'departed' || !departed) return null;
  return { departed, finalPay: employee.separation.finalPayDate ? dateOnly(employee.separation.finalPayDate) : departed };
}

function deadlineFrom(rule: FieldDefinition['retention'], bases: Bases | null, relayOptIn: boolean): Date | null {
  if (bases === null) return null;
  switch (rule.kind) {
    case 'keep':
      return null;
    case 'days_after_departure':
      return plusDays(bases.departed, rule.days);
    case 'while_relay_opt_in':
      return plusDays(bases.departed, relayOptIn ? rule.maxDays : rule.days);
    case 'days_after_final_pay':
      return plusDays(bases.finalPay, rule.days);
  }
}

/**
 * The deadline of one field. Timers start at departure; nothing runs for active staff.
 * `while_relay_opt_in` keeps contact data as long as the person keeps relays on, capped at maxDays.
 */
export function fieldDeadline(field: FieldDefinition, employee: Employee): Date | null {
  return deadlineFrom(field.retention, basesOf(employee), employee.separation.relayOptIn);
}

export function retentionSchedule(employee: Employee, catalog: FieldCatalog): FieldDeadline[] {
  // The bases are parsed once per person, not once per field (the purge walks 100k people).
  const bases = basesOf(employee);
  const relay = employee.separation.relayOptIn;
  return catalog.fields.map((f) => ({ field: f.key, scope: f.keyScope, storage: f.storage, deleteAt: deadlineFrom(f.retention, bases, relay) }));
}

/**
 * A vault key scope can be shredded only when every vault field sharing it is due — the
 * scope's deadline is the latest of its fields'.
 */
export function scopeDeadlines(employee: Employee, catalog: FieldCatalog): Map<KeyScope, Date | null> {
  return scopeDeadlinesOf(retentionSchedule(employee, catalog));
}

/** `scopeDeadlines` of a schedule already computed. */
export function scopeDeadlinesOf(schedule: readonly FieldDeadline[]): Map<KeyScope, Date | null> {
  const out = new Map<KeyScope, Date | null>();
  for (const d of schedule) {
    if (d.storage !== 'vault') continue;
    if (!out.has(d.scope)) {
      out.set(d.scope, d.deleteAt);
      continue;
    }
    const prev = out.get(d.scope) ?? null;
    out.set(d.scope, prev === null || d.deleteAt === null ? null : prev > d.deleteAt ? prev : d.deleteAt);
  }
  return out;
}

/** Scopes whose deadline has passed at `now`. */
export function dueScopes(employee: Employee, catalog: FieldCatalog, now: Date): KeyScope[] {
  return dueScopesOf(scopeDeadlinesOf(retentionSchedule(employee, catalog)), now);
}

export function dueScopesOf(deadlines: ReadonlyMap<KeyScope, Date | null>, now: Date): KeyScope[] {
  return [...deadlines].filter(([, at]) => at !== null && at <= now).map(([s]) => s);
}

/** Record (plain-column) fields whose deadline has passed: blanked when the record is anonymised. */
export function dueRecordFields(employee: Employee, catalog: FieldCatalog, now: Date): string[] {
  return dueRecordFieldsOf(retentionSchedule(employee, catalog), now);
}

export function dueRecordFieldsOf(schedule: readonly FieldDeadline[], now: Date): string[] {
  return schedule.filter((d) => d.storage === 'record' && d.deleteAt !== null && d.deleteAt <= now).map((d) => d.field);
}
