import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../scripts/app/config.js';
import { createLogger } from '../../scripts/app/logger.js';
import { keysCommand } from '../../scripts/commands/keys.command.js';
import { dataKeysPerKek } from '../../storage/crypto/key-rotation.js';
import { DemoApi } from './support/demo-api.js';

/**
 * privacy-security.md §8 checks 16–22 and 24 on the real server (demo company, in-process,
 * SQLite), reading the database file's raw bytes and rows directly. Deeper variants: canary
 * import (tests/import/canary.sqlite.test.ts), cipher (tests/crypto), purge bytes and backups
 * (tests/retention), chain tampering kinds (tests/audit).
 */
const ZHANG_SECRETS = ['13800138001', '13800138002', '张建国', '王秀兰', 'zhangwei.personal@example.com'];
const DAY = 86_400_000;

function rawBytes(dbFile: string): Buffer {
  return Buffer.concat(['', '-wal', '-shm'].filter((s) => existsSync(dbFile + s)).map((s) => readFileSync(dbFile + s)));
}

describe('security checks 16–22 and 24: data at rest, keys, retention, the log, subject rights', () => {
  const masterA = randomBytes(32).toString('base64');
  const masterB = randomBytes(32).toString('base64');
  let api: DemoApi;
  let dbFile = '';
  const fieldsOf = async (client: Awaited<ReturnType<DemoApi['as']>>, name: string) =>
    ((await client.request('GET', `/api/employees/${api.id(name)}`)).json.sections as Array<{ fields: Array<{ key: string; state: string }> }>).flatMap((s) => s.fields);

  beforeAll(async () => {
    api = await DemoApi.start({ BOUNDARY_MASTER_KEY: masterA });
    dbFile = api.server.services.config.database.url;
  }, 120_000);
  afterAll(() => api?.close());

  it('check 16 (no plaintext at rest): HR can reveal Zhang’s contacts, yet the database file, -wal and -shm hold none of them; no two ciphertexts are equal', async () => {
    const hr = await api.as('孙丽');
    const r = await hr.request('POST', `/api/employees/${api.id('张伟')}/reveal`, { fields: ['emergency_contacts'], purpose: 'emergency_safety', justification: '张伟家中失联，需要联系家属确认安全' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('13800138001');
    const bytes = rawBytes(dbFile);
    for (const canary of ZHANG_SECRETS) expect(bytes.includes(Buffer.from(canary, 'utf8')), canary).toBe(false);
    const [c] = await api.rows<{ all: number; distinct: number }>('select count(*) as "all", count(distinct ciphertext) as "distinct" from field_values');
    expect(c!.all).toBeGreaterThan(100);
    expect(c!.distinct).toBe(c!.all);
  });

  it('check 17 (ciphertext integrity and binding): a flipped byte and two swapped ciphertexts read as tampered, never as a value, and each is logged as a security refusal', async () => {
    const hr = await api.as('吴婷');
    const [a, b] = [api.id('黄磊'), api.id('周婷')];
    const cipher = async (id: string) => (await api.rows<{ ciphertext: Buffer }>("select ciphertext from field_values where employee_id = ? and field = 'personal_phone'", [id]))[0]!.ciphertext;
    const [ca, cb] = [await cipher(a), await cipher(b)];
    const flipped = Buffer.from(ca);
    flipped[flipped.length - 5]! ^= 0x01;
    await api.run("update field_values set ciphertext = ? where employee_id = ? and field = 'personal_phone'", [flipped, a]);
    await api.run("update field_values set ciphertext = ? where employee_id = ? and field = 'personal_phone'", [ca, b]);
    const seq = Number((await api.rows<{ s: unknown }>('select max(seq) as s from access_log'))[0]!.s);
    for (const id of [a, b]) {
      const r = await hr.request('POST', `/api/employees/${id}/reveal`, { fields: ['personal_phone'], purpose: 'employment_admin', justification: '核对劳动合同联系方式' });
      expect(r.text).not.toMatch(/1[3-9]\d{9}/);
      const value = (r.json.values as Array<{ state: string; value: unknown }> | undefined)?.[0];
      if (value) expect(value).toMatchObject({ state: 'tampered', value: null });
      else expect(r.status).toBeGreaterThanOrEqual(400);
    }
    const logged = await api.rows<{ reason_code: string }>("select reason_code from access_log where seq > ? and reason_code = 'VAULT_TAMPERED'", [seq]);
    expect(logged.length).toBeGreaterThanOrEqual(2);
    await api.run("update field_values set ciphertext = ? where employee_id = ? and field = 'personal_phone'", [ca, a]);
    await api.run("update field_values set ciphertext = ? where employee_id = ? and field = 'personal_phone'", [cb, b]);
  });

  it('check 19 (blind index): not applicable — Boundary offers no look-up by a personal value and stores no index of one; a search by a phone number finds nobody', async () => {
    const hr = await api.as('孙丽');
    const phone = (await hr.request('POST', `/api/employees/${api.id('黄磊')}/reveal`, { fields: ['personal_phone'], purpose: 'employment_admin', justification: '核对劳动合同联系方式' })).json.values[0].value as string;
    const found = await hr.request('GET', `/api/employees?q=${phone}`);
    expect(found.status).toBe(200);
    expect(found.json.employees).toEqual([]);
    const columns = (await api.rows<{ name: string }>("select name from pragma_table_info('field_values')")).map((c) => c.name).sort();
    expect(columns).toEqual(['ciphertext', 'data_key_id', 'employee_id', 'field', 'updated_at']);
  });

  it('check 22 (audit-chain verification): the auditor’s verify passes on the untouched log and names the first edited entry', async () => {
    const auditor = await api.as('郑浩');
    expect((await auditor.request('POST', '/api/audit/verify')).json).toMatchObject({ ok: true });
    const [row] = await api.rows<{ seq: number; justification: string | null }>("select seq, justification from access_log where justification is not null order by seq limit 1");
    await api.run('update access_log set justification = ? where seq = ?', ['改过的理由', row!.seq]);
    try {
      const bad = await auditor.request('POST', '/api/audit/verify');
      expect(bad.json).toMatchObject({ ok: false, firstBadSeq: row!.seq, kind: 'edited' });
    } finally {
      await api.run('update access_log set justification = ? where seq = ?', [row!.justification, row!.seq]);
    }
    expect((await auditor.request('POST', '/api/audit/verify')).json).toMatchObject({ ok: true });
  });

  it('check 24 (data-subject rights): an employee downloads their own data, reads it field by field, sees who viewed it without the viewer’s justification, and files a correction that is logged', async () => {
    const li = await api.as('李娜');
    const hr = await api.as('吴婷');
    const justification = '核对李娜的社保登记信息 check24';
    expect((await hr.request('POST', `/api/employees/${api.id('李娜')}/reveal`, { fields: ['personal_phone'], purpose: 'employment_admin', justification })).status).toBe(200);
    const own = (await fieldsOf(li, '李娜')).filter((f) => f.state !== 'empty').map((f) => f.key);
    const copy = await li.request('POST', `/api/employees/${api.id('李娜')}/reveal`, { fields: own.filter((k) => !['employee_no', 'name', 'department', 'title', 'work_email', 'work_phone', 'status', 'manager'].includes(k)), purpose: 'subject_request', justification: '' });
    expect(copy.status).toBe(200);
    expect((copy.json.values as Array<{ state: string }>).every((v) => v.state === 'value')).toBe(true);
    const history = await li.request('GET', '/api/me/access-history');
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.json)).toContain('employment_admin');
    expect(history.text).not.toContain('check24');
    // The machine-readable copy as a file, and a correction request that reaches the log.
    const phone = (copy.json.values as Array<{ field: string; value: unknown }>).find((v) => v.field === 'personal_phone')!.value as string;
    const file = await li.request('GET', '/api/me/export');
    expect(file.status).toBe(200);
    expect(file.text).toContain(phone);
    expect(file.text).not.toContain('check24');
    const seq = Number((await api.rows<{ s: unknown }>('select max(seq) as s from access_log'))[0]!.s);
    expect((await li.request('POST', '/api/me/corrections', { field: 'home_address', note: '我搬家了' })).status).toBeLessThan(300);
    expect((await api.rows<{ subject_id: string }>('select subject_id from access_log where seq > ?', [seq])).map((e) => e.subject_id)).toContain(api.id('李娜'));
  });

  it('check 18 (key rotation): after rotating to a new master key, old rows were readable under both, none is left under the old key, and the server reads everything with the new key alone', async () => {
    const env = { DATABASE_URL: dbFile, BOUNDARY_DATA_DIR: join(api.server.dir, 'data'), LOG_LEVEL: 'silent' };
    await api.close();
    const { config } = loadConfig({ ...env, BOUNDARY_MASTER_KEY: masterB, BOUNDARY_RETIRED_MASTER_KEYS: masterA });
    expect(await keysCommand.run({ config, log: createLogger('silent'), args: ['rotate'] })).toBe(0);
    api = await DemoApi.start({ ...env, BOUNDARY_MASTER_KEY: masterB });
    const kinds = [...(await dataKeysPerKek(api.server.db)).keys()];
    expect(kinds).toHaveLength(1);
    const hr = await api.as('孙丽');
    const r = await hr.request('POST', `/api/employees/${api.id('张伟')}/reveal`, { fields: ['emergency_contacts'], purpose: 'emergency_safety', justification: '张伟家中失联，需要联系家属确认安全' });
    expect(r.status).toBe(200);
    expect(r.text).toContain('13800138002');
  }, 120_000);

  it('checks 20 and 21 (retention purge really deletes; legal hold; idempotent): past Zhang’s deadline the purge erases his contacts’ ciphertext and key bytes, a pre-purge copy cannot decrypt them, a held person stays intact, the log has names only, and a second run changes nothing', async () => {
    let hr = await api.as('孙丽');
    const held = api.id('高远');
    expect((await hr.request('PUT', `/api/employees/${held}/legal-hold`, { on: true, note: '劳动仲裁 check21' })).status).toBe(200);
    const zhang = api.id('张伟');
    const old = await api.rows<{ ciphertext: Buffer }>("select ciphertext from field_values where employee_id = ? and field = 'emergency_contacts'", [zhang]);
    expect(old).toHaveLength(1);
    const heldBefore = await api.count('field_values', 'employee_id = ?', [held]);
    const backup = `${dbFile}.before-purge`;
    copyFileSync(dbFile, backup);

    api.travel(200 * DAY); // Zhang left 182 days ago; the demo catalog keeps emergency contacts 365 days.
    await api.runJob('retention.purge');
    hr = await api.as('孙丽'); // the session from 200 days ago has expired
    expect(await api.count('field_values', "employee_id = ? and field = 'emergency_contacts'", [zhang])).toBe(0);
    expect(await api.count('field_values', 'employee_id = ?', [held])).toBe(heldBefore);
    const view = (await fieldsOf(hr, '张伟')).find((f) => f.key === 'emergency_contacts');
    expect(view?.state).toBe('erased');
    const bytes = rawBytes(dbFile);
    expect(bytes.includes(old[0]!.ciphertext.subarray(-32))).toBe(false);
    for (const canary of ZHANG_SECRETS.slice(0, 4)) expect(bytes.includes(Buffer.from(canary, 'utf8'))).toBe(false);
    const purgeLog = await api.rows<{ subject_id: string; fields: string; justification: string | null; action: string }>("select subject_id, fields, justification, action from access_log where action = 'purge'");
    expect(purgeLog.some((e) => e.subject_id === zhang && e.fields.includes('emergency_contacts'))).toBe(true);
    expect(JSON.stringify(purgeLog)).not.toMatch(/1[3-9]\d{9}|张建国|王秀兰/);

    const after = await api.snapshot(['field_values', 'data_keys', 'vault_erasures', 'employees']);
    await api.runJob('retention.purge');
    expect(await api.snapshot(['field_values', 'data_keys', 'vault_erasures', 'employees'])).toEqual(after);

    // A copy of the database from before the purge still holds the rows, but their key is gone.
    const copy = await DemoApi.start({ DATABASE_URL: backup, BOUNDARY_DATA_DIR: join(api.server.dir, 'data'), BOUNDARY_MASTER_KEY: masterB });
    try {
      expect(await copy.count('field_values', "employee_id = ? and field = 'emergency_contacts'", [zhang])).toBe(1);
      const fromBackup = await (await copy.as('孙丽')).request('POST', `/api/employees/${zhang}/reveal`, { fields: ['emergency_contacts'], purpose: 'emergency_safety', justification: '张伟家中失联，需要联系家属确认安全' });
      expect(fromBackup.text).not.toContain('13800138001');
      expect(fromBackup.text).not.toContain('张建国');
    } finally {
      await copy.close();
    }
  }, 120_000);
});
