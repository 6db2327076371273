import type { AccessLogWriter } from '../../core/audit/access-log.port.js';
import type { EntityManager } from '@mikro-orm/knex';
import { DEFAULT_CATALOG } from '../../core/records/default-catalog.js';
import type { FieldCatalog } from '../../core/records/field-catalog.js';
import type { RosterRow } from '../../core/records/roster-import.js';
import { importRoster } from '../../core/records/roster-import.use-case.js';
import { DAY_MS } from '../../core/shared/clock.port.js';
import { MikroRosterStore } from '../../storage/records/mikro-roster-store.js';
import { MikroEmployees } from '../../storage/records/mikro-employees.repository.js';
import { MikroFieldCatalogStore } from '../../storage/records/mikro-field-catalog.repository.js';
import { Sql, num } from '../../storage/records/sql.js';
import { MikroConsentLedger } from '../../storage/consent/mikro-consent-ledger.repository.js';
import type { StorageContext } from '../../storage/unit-of-work.js';
import { DEMO_PEOPLE, type DemoPerson } from './demo-people.js';

export interface SeedResult {
  readonly seeded: boolean;
  readonly employees: number;
}

/** The seed's "1 year" setting for emergency contacts (the default is 30 days after departure). */
export const DEMO_EMERGENCY_RETENTION_DAYS = 365;

const iso = (d: Date) => d.toISOString().slice(0, 10);

function demoRow(person: DemoPerson, i: number, now: Date): Record<string, string> {
  const daysAgo = (n: number) => iso(new Date(now.getTime() - n * DAY_MS));
  const n = String(i + 1).padStart(3, '0');
  const contacts = person.contacts ?? [
    { name: `${person.name.slice(0, 1)}父`, relation: '父亲', phone: `1370000${n}1` },
  ];
  return {
    employee_no: person.no,
    name: person.name,
    dingtalk_user_id: person.userId,
    department: person.department,
    manager_employee_no: person.manager ?? '',
    title: person.title,
    work_email: `${person.userId.replace(/^user_/, '')}@boundary.example`,
    work_phone: `010-8888${n.padStart(4, '0')}`,
    personal_phone: `1390000${n}0`,
    personal_email: `${person.userId.replace(/^user_/, '')}@mail.example`,
    home_address: `北京市海淀区示例路${i + 1}号`,
    birthday: `19${80 + (i % 18)}-0${1 + (i % 9)}-1${i % 9}`,
    id_number: `11010819${80 + (i % 18)}0${1 + (i % 9)}1${i % 9}${n}${i % 10}`,
    hire_date: daysAgo(person.hiredDaysAgo),
    contract_type: 'fixed_term',
    contract_end: daysAgo(person.hiredDaysAgo - 3 * 365 * Math.ceil((person.hiredDaysAgo + 1) / (3 * 365))),
    salary: String(12000 + ((i * 1733) % 30000)),
    bank_account: `6222020200${n}${String(i * 7919).padStart(6, '0')}`,
    roles: person.roles.join(';'),
    status: person.leftDaysAgo === undefined ? 'active' : 'departed',
    last_day: person.leftDaysAgo === undefined ? '' : daysAgo(person.leftDaysAgo),
    relay_opt_in: person.relay ? 'true' : 'false',
    post_departure_email: person.relay?.email ?? '',
    ...Object.fromEntries(
      contacts.flatMap((c, k) => {
        const prefix = k === 0 ? 'emergency_contact' : `emergency_contact_${k + 1}`;
        return [[`${prefix}_name`, c.name], [`${prefix}_relation`, c.relation], [`${prefix}_phone`, c.phone]];
      }),
    ),
  };
}

/** The demo catalog: the defaults with emergency contacts kept one year after departure. */
export function demoCatalog(base: FieldCatalog = DEFAULT_CATALOG): Omit<FieldCatalog, 'version'> {
  return {
    ...base,
    fields: base.fields.map((f) =>
      f.key === 'emergency_contacts' ? { ...f, retention: { kind: 'days_after_departure' as const, days: DEMO_EMERGENCY_RETENTION_DAYS } } : f,
    ),
  };
}

/**
 * Seeds the demo company once: skipped when any employee exists. The people go through the
 * roster import (validated, encrypted, one transaction); then the demo catalog is published as
 * version 2 by the system and the departed people's offboarding facts are filled in.
 */
const DEMO_NOTICE = {
  'zh-CN': '演示公司员工个人信息处理告知（第 1 版）：可选用途仅在你同意后进行，可随时撤回，撤回即时生效。',
  en: 'Demo company notice on processing employee personal information (v1): optional uses happen only with your consent, which you can withdraw at any time, effective at once.',
};

export async function seedDemoCompany(
  ctx: StorageContext,
  accessLog?: (em: EntityManager) => AccessLogWriter,
): Promise<SeedResult> {
  const probe = new Sql(ctx.db.fork(), ctx.db.driver);
  if (num((await probe.get('select count(*) as n from employees'))?.n ?? 0) > 0) return { seeded: false, employees: 0 };
  const now = ctx.clock.now();

  await ctx.db.fork().transactional(async (em) => {
    const catalog = new MikroFieldCatalogStore(new Sql(em as unknown as EntityManager, ctx.db.driver));
    if ((await catalog.current()).version === DEFAULT_CATALOG.version) await catalog.publish(demoCatalog(), 'system', now);
    // Consents are answered against a published notice; the demo company has version 1.
    const ledger = new MikroConsentLedger(new Sql(em as unknown as EntityManager, ctx.db.driver));
    if (!(await ledger.currentNotice())) await ledger.publishNotice(DEMO_NOTICE, null, now);
  });

  const values = DEMO_PEOPLE.map((person, i) => demoRow(person, i, now));
  const columns = [...new Set(values.flatMap((v) => Object.keys(v)))];
  const rows: RosterRow[] = values.map((v, i) => ({ line: i + 1, values: v }));
  const result = await importRoster(
    { store: new MikroRosterStore(ctx, accessLog), clock: ctx.clock },
    // The demo company is seeded as already onboarded: nobody's chat starts with a consent card.
    { columns, rows, actorId: null, channel: 'system', askConsent: false },
  );
  if (!result.ok) throw new Error(`demo roster is invalid: ${JSON.stringify(result.error)}`);

  await ctx.db.fork().transactional(async (em) => {
    const employees = new MikroEmployees(new Sql(em as unknown as EntityManager, ctx.db.driver));
    for (const person of DEMO_PEOPLE.filter((x) => x.leftDaysAgo !== undefined)) {
      const e = (await employees.getByEmployeeNo(person.no))!;
      const lastDay = new Date(now.getTime() - person.leftDaysAgo! * DAY_MS);
      await employees.save({
        ...e,
        separation: {
          ...e.separation,
          resignationDate: iso(new Date(lastDay.getTime() - 30 * DAY_MS)),
          reasonCategory: 'career',
          handoverStatus: 'confirmed',
          finalPayDate: iso(new Date(lastDay.getTime() + 10 * DAY_MS)),
        },
      });
    }
  });
  return { seeded: true, employees: DEMO_PEOPLE.length };
}
