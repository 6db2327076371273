import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoApi } from './support/demo-api.js';

/**
 * privacy-security.md §8 checks 9–15, at the HTTP edge of the real server (demo company,
 * in-process, fresh SQLite). The full policy grid lives in tests/core/access; these are the
 * same properties seen through the mini-app API, with the access log read back from the database.
 */
interface LogRow {
  seq: number;
  actor_id: string;
  subject_id: string;
  action: string;
  fields: string;
  purpose: string | null;
  justification: string | null;
  outcome: string;
  reason_code: string;
}

describe('security checks 9–15: access control at the API', () => {
  let api: DemoApi;
  const newLog = async (afterSeq: number) => api.rows<LogRow>('select * from access_log where seq > ? order by seq', [afterSeq]);
  const headSeq = async () => Number((await api.rows<{ s: unknown }>('select coalesce(max(seq), 0) as s from access_log'))[0]!.s);

  beforeAll(async () => {
    api = await DemoApi.start();
  }, 120_000);
  afterAll(() => api?.close());

  it('check 09 (cross-department denial): a department head asking for another department’s employee gets 403 and one denied log row with ids and a reason code, no name or number', async () => {
    const head = await api.as('刘洋'); // head of 研发部/平台组
    const target = api.id('孙悦'); // 市场部
    const hr = await api.as('吴婷');
    const phone = (await hr.request('POST', `/api/employees/${target}/reveal`, { fields: ['personal_phone'], purpose: 'employment_admin', justification: '核对劳动合同联系方式' })).json.values[0].value as string;
    expect(phone).toMatch(/^1\d{10}$/);
    const seq = await headSeq();
    const r = await head.request('POST', `/api/employees/${target}/reveal`, { fields: ['personal_phone'], purpose: 'employment_admin', justification: '核对' });
    expect(r.status).toBe(403);
    const log = await newLog(seq);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actor_id: api.id('刘洋'), subject_id: target, outcome: 'denied' });
    expect(log[0]!.reason_code).toMatch(/^[A-Z_]+$/);
    for (const text of [r.text, JSON.stringify(log[0])]) {
      expect(text).not.toContain('孙悦');
      expect(text).not.toContain(phone);
    }
  });

  it('check 10 (IDOR / no enumeration): an employee asking for a colleague’s emergency contacts gets the same status and body as for an id that does not exist', async () => {
    const li = await api.as('李娜');
    const ask = { fields: ['emergency_contacts'], purpose: 'emergency_safety', justification: '紧急情况' };
    const other = await li.request('POST', `/api/employees/${api.id('黄磊')}/reveal`, ask);
    const missing = await li.request('POST', '/api/employees/00000000-0000-4000-8000-000000000000/reveal', ask);
    const strip = (j: { error: Record<string, unknown> }) => ({ ...j.error, requestId: undefined });
    expect(other.status).toBe(403);
    expect(missing.status).toBe(other.status);
    expect(strip(missing.json)).toEqual(strip(other.json));
  });

  it('check 11 (deny by default): a person whose only role is one the policy does not know gets 403 for every record, and nothing is revealed', async () => {
    await api.run(`update employees set roles = ? where id = ?`, [JSON.stringify(['janitor']), api.id('蒋欣')]);
    const odd = await api.as('蒋欣');
    for (const name of ['黄磊', '张伟', '孙丽']) {
      const r = await odd.request('POST', `/api/employees/${api.id(name)}/reveal`, { fields: ['personal_phone'], purpose: 'employment_admin', justification: 'x' });
      expect(r.status, name).toBe(403);
      expect(r.json.values).toBeUndefined();
    }
  });

  it('check 11 (deny on error): with the stored catalog corrupted, a reveal by HR answers 403 or a bare 500 — never a value, and nothing is logged as allowed', async () => {
    const hr = await api.as('吴婷');
    const [latest] = await api.rows<{ version: number; document: string }>('select version, document from catalog_versions order by version desc limit 1');
    await api.run('update catalog_versions set document = ? where version = ?', ['{"fields": 42, "purposes": "broken"', latest!.version]);
    const seq = await headSeq();
    try {
      const r = await hr.request('POST', `/api/employees/${api.id('黄磊')}/reveal`, { fields: ['personal_phone'], purpose: 'employment_admin', justification: '核对合同信息' });
      expect([403, 500]).toContain(r.status);
      expect(r.text).not.toMatch(/1[3-9]\d{9}/);
      expect(r.json.values).toBeUndefined();
      if (r.status === 500) expect(r.json.error).toMatchObject({ code: 'HTTP.INTERNAL', message: 'Internal error' });
      expect((await newLog(seq)).filter((e) => e.outcome === 'allowed')).toEqual([]);
    } finally {
      await api.run('update catalog_versions set document = ? where version = ?', [latest!.document, latest!.version]);
    }
  });

  it('check 12 (immediate de-authorisation): an HR admin demoted by another is refused on the very next request', async () => {
    const wuting = await api.as('吴婷');
    const sunli = await api.as('孙丽');
    const ask = { fields: ['personal_phone'], purpose: 'employment_admin', justification: '核对劳动合同联系方式' };
    expect((await wuting.request('POST', `/api/employees/${api.id('黄磊')}/reveal`, ask)).status).toBe(200);
    expect((await sunli.request('PUT', `/api/employees/${api.id('吴婷')}/roles`, { roles: ['employee'] })).status).toBe(200);
    try {
      const next = await wuting.request('POST', `/api/employees/${api.id('黄磊')}/reveal`, ask);
      expect(next.status).toBe(403);
      expect((await wuting.request('GET', '/api/catalog')).status).toBe(403);
    } finally {
      expect((await sunli.request('PUT', `/api/employees/${api.id('吴婷')}/roles`, { roles: ['employee', 'hr_admin'] })).status).toBe(200);
    }
  });

  it('check 13 (field-level minimisation): HR sees personal numbers masked, and a reveal returns exactly the field asked for', async () => {
    const hr = await api.as('吴婷');
    const view = await hr.request('GET', `/api/employees/${api.id('黄磊')}`);
    expect(view.status).toBe(200);
    const fields = (view.json.sections as Array<{ fields: Array<Record<string, unknown>> }>).flatMap((s) => s.fields);
    const phone = fields.find((f) => f.key === 'personal_phone')!;
    expect(phone.state).toBe('masked');
    expect(phone.value).toBeUndefined();
    expect(String(phone.masked)).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(view.text).not.toMatch(/1[3-9]\d{9}/);
    const r = await hr.request('POST', `/api/employees/${api.id('黄磊')}/reveal`, { fields: ['personal_phone'], purpose: 'employment_admin', justification: '核对劳动合同联系方式' });
    expect(r.status).toBe(200);
    expect((r.json.values as Array<{ field: string }>).map((v) => v.field)).toEqual(['personal_phone']);
    expect(String(r.json.values[0].value)).toMatch(/^1\d{10}$/);
  });

  it('check 14 (break-glass discipline): no reason → refused; one person only; +1 s after expiry → 403; start and stop in the log; a review task', async () => {
    const hr = await api.as('吴婷');
    const subject = api.id('黄磊');
    const noReason = await hr.request('POST', `/api/employees/${subject}/reveal`, { fields: ['emergency_contacts'], purpose: 'emergency_safety', justification: '' });
    expect(noReason.status).toBe(403);
    expect(noReason.json.error.details.reason).toBe('JUSTIFICATION_MISSING');

    const seq = await headSeq();
    const glass = await hr.request('POST', `/api/employees/${subject}/reveal`, { fields: ['emergency_contacts'], purpose: 'emergency_safety', justification: '员工在工地受伤送医，需要联系家属' });
    expect(glass.status).toBe(200);
    expect(glass.json.breakGlass).toBe(true);
    const grantId = glass.json.grantId as string;
    expect((await api.rows('select subject_id from access_grants where id = ?', [grantId]))).toEqual([{ subject_id: subject }]);
    expect((await newLog(seq)).filter((e) => e.action === 'break_glass.start')).toHaveLength(1);
    expect((await hr.request('GET', '/api/reviews')).json.reviews.some((r: { grantId: string }) => r.grantId === grantId)).toBe(true);
    // The grant opens nothing about anyone else.
    const other = await hr.request('GET', `/api/employees/${api.id('周婷')}`);
    expect(other.text).not.toContain(String(glass.json.values[0].value?.[0]?.phone ?? 'no-phone'));

    expect((await hr.request('GET', `/api/grants/${grantId}`)).status).toBe(200);
    api.travel(Date.parse(glass.json.expiresAt) - Date.now() + 1000);
    const late = await hr.request('GET', `/api/grants/${grantId}`);
    expect(late.status).toBe(403);
    expect(late.json.values).toBeUndefined();
    await api.runJob('access.stop-expired-grants');
    const stops = (await newLog(seq)).filter((e) => e.action === 'break_glass.stop');
    expect(stops).toHaveLength(1);
    expect(stops[0]!.subject_id).toBe(subject);
  });

  it('check 15 (no provision to a third party): the requester in the story is refused Zhang’s parents’ numbers under every purpose, and no API answer or export carries them', async () => {
    const li = await api.as('李娜');
    const zhang = api.id('张伟');
    const answers: string[] = [];
    for (const purpose of ['emergency_safety', 'employment_admin', 'subject_request', 'legal_obligation', 'private_debt'])
      answers.push((await li.request('POST', `/api/employees/${zhang}/reveal`, { fields: ['emergency_contacts'], purpose, justification: '他欠我钱，想联系他父母' })).text);
    const auditor = await api.as('郑浩');
    const exported = await auditor.request('GET', '/api/audit/export?format=jsonl');
    expect(exported.status).toBe(200);
    const everything = [...answers, exported.text].join('\n');
    for (const value of ['13800138001', '13800138002', '张建国', '王秀兰']) expect(everything).not.toContain(value);
    const refused = await api.rows<LogRow>("select * from access_log where actor_id = ? and subject_id = ? and outcome = 'denied'", [api.id('李娜'), zhang]);
    expect(refused.length).toBeGreaterThanOrEqual(5);
    // Consent withdrawal blocking the very next use is proven on the real storage in tests/offboarding/consent.sqlite.test.ts;
    // the only outward path is the contact request, where Zhang himself decides what Li receives (tests/contact/story.e2e.test.ts).
  });
});
