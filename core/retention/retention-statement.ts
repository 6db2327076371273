import { DAY_MS } from '../shared/clock.port.js';
import type { FieldCatalog, FieldDefinition, LocalizedText, RetentionRule } from '../records/field-catalog.js';

/** Why a group of fields is kept that long; each adapter words it in zh-CN and en. */
export type RetentionReason = 'minimal_record' | 'third_party' | 'labour_contract_law' | 'payroll_final_pay' | 'relay_consent' | 'policy';

/** One line of "what we keep, why, until when" on the offboarding card and the privacy page. */
export interface RetentionStatementLine {
  readonly fields: readonly { readonly key: string; readonly label: LocalizedText }[];
  readonly rule: RetentionRule;
  readonly reason: RetentionReason;
  /** Concrete date (YYYY-MM-DD) counted from the last day; null = kept (minimal record). */
  readonly until: string | null;
  /** For relay-dependent data: the latest date even with relays kept on. */
  readonly untilAtMost: string | null;
}

const ruleKey = (r: RetentionRule): string =>
  r.kind === 'keep' ? 'keep' : r.kind === 'while_relay_opt_in' ? `relay:${r.days}:${r.maxDays}` : `${r.kind}:${r.days}`;

function reasonFor(rule: RetentionRule, fields: readonly FieldDefinition[]): RetentionReason {
  if (rule.kind === 'keep') return 'minimal_record';
  if (rule.kind === 'while_relay_opt_in') return 'relay_consent';
  if (rule.kind === 'days_after_final_pay') return 'payroll_final_pay';
  if (fields.some((f) => f.section === 'emergency')) return 'third_party';
  if (fields.some((f) => f.section === 'contract')) return 'labour_contract_law';
  return 'policy';
}

const addDays = (isoDate: string, days: number): string =>
  new Date(new Date(`${isoDate}T00:00:00.000Z`).getTime() + days * DAY_MS).toISOString().slice(0, 10);

/**
 * The retention statement, generated from the catalog's rules so the card always tells the
 * truth of the policy in force. Dates are counted from `lastDay` (final pay = last day unless
 * HR records another date); shortest retention first, the minimal record last.
 */
export function retentionStatement(catalog: FieldCatalog, lastDay: string, finalPayDate: string | null = null): RetentionStatementLine[] {
  const groups = new Map<string, FieldDefinition[]>();
  for (const f of catalog.fields) {
    const k = ruleKey(f.retention);
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const lines = [...groups.values()].map((fields): RetentionStatementLine => {
    const rule = fields[0]!.retention;
    const until =
      rule.kind === 'keep' ? null : addDays(rule.kind === 'days_after_final_pay' ? (finalPayDate ?? lastDay) : lastDay, rule.days);
    return {
      fields: fields.map((f) => ({ key: f.key, label: f.label })),
      rule,
      reason: reasonFor(rule, fields),
      until,
      untilAtMost: rule.kind === 'while_relay_opt_in' ? addDays(lastDay, rule.maxDays) : null,
    };
  });
  return lines.sort((a, b) => (a.until === null ? 1 : b.until === null ? -1 : a.until.localeCompare(b.until)));
}
