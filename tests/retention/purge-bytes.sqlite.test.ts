import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../core/retention/purge-expired.use-case.js';
import { DAY_MS } from '../../core/shared/clock.port.js';
import { Database } from '../../storage/database.js';
import { compactSqlite } from '../../storage/records/compact.js';
import { ShredSecretStore, ShreddableKeyRing } from '../../storage/retention/index.js';
import { buildTransactor, CANARY, offboardingDb, type OffboardingDb } from '../offboarding/offboarding-db.js';
import { formerEmployee } from './expired-people.js';

const plaintexts = (): string[] =>
  [...CANARY.values()].flatMap((v) => (typeof v === 'string' ? [v] : v.flatMap((c) => [c.name, c.phone])));

/** Which needles occur in the SQLite file, its -wal and -shm. */
function hits(file: string, needles: ReadonlyMap<string, Buffer>): string[] {
  const found: string[] = [];
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (!existsSync(f)) continue;
    const bytes = readFileSync(f);
    for (const [name, needle] of needles) if (bytes.includes(needle)) found.push(`${f.split('/').pop()}: ${name}`);
  }
  return found;
}

const CORRECTION_NOTE = 'canary.correction: I moved to 海淀区新地址88号';

describe('a purge really erases (SQLite bytes, WAL, backups)', () => {
  let h: OffboardingDb;
  const now = new Date('2030-01-10T02:00:00Z');
  const needles = new Map<string, Buffer>();
  const secretNeedles = new Map<string, Buffer>();
  let copy: string;

  beforeAll(async () => {
    h = await offboardingDb('sqlite', now);
    // The leaver left four years ago: every deadline has passed.
    await h.transactor.run(async (uow) => {
      const e = (await uow.employees.get('e-leaver'))!;
      const gone = formerEmployee('e-leaver', now, 4 * 365);
      await uow.employees.save({ ...e, status: 'departed', separation: gone.separation });
    });
    // A correction request whose free text repeats the value it is about; the colleague's stays.
    await h.transactor.run(async (uow) => {
      const base = { status: 'open', requestedAt: '2025-12-01T02:00:00.000Z', decidedBy: null, decidedAt: null } as const;
      await uow.corrections!.save({ ...base, id: 'corr-leaver', employeeId: 'e-leaver', field: 'home_address', note: CORRECTION_NOTE });
      await uow.corrections!.save({ ...base, id: 'corr-li', employeeId: 'e-li', field: 'home_address', note: 'E-LI keeps her note' });
    });
    needles.set('correction note', Buffer.from(CORRECTION_NOTE, 'utf8'));
    for (const p of plaintexts()) needles.set(`plaintext ${p}`, Buffer.from(p, 'utf8'));
    const conn = h.db.fork().getConnection();
    const rows = (await conn.execute("select field, ciphertext from field_values where employee_id = 'e-leaver'", [], 'all')) as { field: string; ciphertext: Buffer }[];
    expect(rows.length).toBe(CANARY.size);
    for (const r of rows) {
      const c = Buffer.from(r.ciphertext);
      needles.set(`ciphertext ${r.field}`, c);
      // A 16-byte run from the middle too, in case a page boundary split the whole value.
      needles.set(`ciphertext slice ${r.field}`, c.subarray(Math.floor(c.length / 2) - 8, Math.floor(c.length / 2) + 8));
    }
    const keys = (await conn.execute("select id, wrapped_key from data_keys where employee_id = 'e-leaver'", [], 'all')) as { id: string; wrapped_key: Buffer }[];
    for (const k of keys) {
      needles.set(`wrapped key ${k.id}`, Buffer.from(k.wrapped_key));
      secretNeedles.set(`shred secret ${k.id}`, h.secrets.get(k.id)!);
    }
    // The backup: a consistent copy of the main database taken before the purge.
    await compactSqlite(h.db);
    copy = join(h.tdb.dir, 'backup-before-purge.sqlite');
    copyFileSync(h.tdb.url, copy);
    expect(hits(copy, new Map([...needles].filter(([n]) => n.startsWith('ciphertext '))))).not.toEqual([]);
  });
  afterAll(async () => h?.close());

  it('finds neither the canary plaintext nor the old ciphertext or wrapped keys in the file, -wal or -shm after the purge', async () => {
    const report = await purgeExpired({ tx: h.transactor, clock: h.clock });
    expect(report).toMatchObject({ status: 'done', purged: 1, anonymised: 1 });
    await compactSqlite(h.db);
    await h.db.close();
    expect(hits(h.tdb.url, needles)).toEqual([]);
    // The search is real: the colleague's untouched ciphertext is still there.
    expect(readFileSync(h.tdb.url).includes(Buffer.from('E-LI', 'utf8'))).toBe(true);
    h.db = await Database.open({ driver: 'sqlite', url: h.tdb.url });
    h.transactor = buildTransactor(h.db, h.clock, h.keyring);
    // The request stays as evidence that it was made, without the words.
    const corrections = await h.transactor.run(async (uow) => [await uow.corrections!.get('corr-leaver'), await uow.corrections!.get('corr-li')]);
    expect(corrections.map((c) => [c?.field, c?.status, c?.note])).toEqual([['home_address', 'open', ''], ['home_address', 'open', 'E-LI keeps her note']]);
  });

  it('leaves no trace of the destroyed shred secrets in the key file or its WAL', () => {
    expect(secretNeedles.size).toBeGreaterThan(0);
    expect(hits(h.secrets.file, secretNeedles)).toEqual([]);
  });

  it('a copy of the database taken before the purge can no longer decrypt the purged fields, though it still holds them', async () => {
    const backup = await Database.open({ driver: 'sqlite', url: copy });
    try {
      // The same master key and the live key file: exactly what an operator restoring a backup has.
      const ring = new ShreddableKeyRing(h.masterKey, [], new ShredSecretStore(h.secrets.file));
      const restored = buildTransactor(backup, h.clock, ring, 'r');
      const leaver = await restored.run((uow) => uow.vault.read('e-leaver', [...CANARY.keys()]));
      expect(leaver.size).toBe(CANARY.size);
      for (const [field, read] of leaver) expect([field, read.state]).toEqual([field, 'tampered']);
      // Control: the copy itself is fine — an unpurged colleague still decrypts from it.
      const li = await restored.run((uow) => uow.vault.read('e-li', ['personal_phone']));
      expect(li.get('personal_phone')).toEqual({ state: 'value', value: '13800000002' });
    } finally {
      await backup.close();
    }
  });

  it('a second purge changes nothing', async () => {
    const before = await h.count('access_log');
    const again = await purgeExpired({ tx: h.transactor, clock: h.clock });
    expect(again).toMatchObject({ purged: 0, keysDestroyed: 0, anonymised: 0 });
    expect(await h.count('access_log')).toBe(before);
  });
});

describe('legal hold', () => {
  let h: OffboardingDb;
  const now = new Date('2030-01-10T02:00:00Z');
  beforeAll(async () => {
    h = await offboardingDb('sqlite', now);
    await h.transactor.run(async (uow) => {
      const e = (await uow.employees.get('e-leaver'))!;
      await uow.employees.save({ ...e, status: 'departed', legalHold: true, separation: formerEmployee('e-leaver', now, 4 * 365).separation });
    });
  });
  afterAll(async () => h?.close());

  it('blocks the purge of the held person and logs that it did, without a value', async () => {
    const r = await purgeExpired({ tx: h.transactor, clock: h.clock });
    expect(r).toMatchObject({ purged: 0, held: ['e-leaver'], keysDestroyed: 0 });
    const read = await h.transactor.run((uow) => uow.vault.read('e-leaver', ['emergency_contacts', 'id_number']));
    expect([...read.values()].map((v) => v.state)).toEqual(['value', 'value']);
    expect(await h.count('access_log', "action = 'purge' and reason_code = 'LEGAL_HOLD' and subject_id = 'e-leaver'")).toBe(1);
  });

  it('purges once the hold is lifted', async () => {
    await h.transactor.run(async (uow) => {
      const e = (await uow.employees.get('e-leaver'))!;
      await uow.employees.save({ ...e, legalHold: false });
    });
    h.clock.advance(DAY_MS);
    const r = await purgeExpired({ tx: h.transactor, clock: h.clock });
    expect(r).toMatchObject({ purged: 1, anonymised: 1, held: [] });
  });
});

describe('the shred-secret file after a crash mid-purge', () => {
  it('a destroyed secret left in the WAL by a process that died before compact() is gone once the file is opened again', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'shred-crash-'));
    try {
      const live = new ShredSecretStore(join(dir, 'live.sqlite'));
      const secret = Buffer.from('c4a7-canary-shred-secret-0123456789abcdef', 'utf8');
      live.putMany([['key-1', secret]]);
      expect(live.destroy(['key-1'])).toBe(1);
      // What the disk holds if the process is killed now: the files as they are, WAL included.
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(join(dir, `live.sqlite${suffix}`))) copyFileSync(join(dir, `live.sqlite${suffix}`), join(dir, `crashed.sqlite${suffix}`));
      expect(hits(join(dir, 'crashed.sqlite'), new Map([['secret', secret]]))).not.toEqual([]);
      new ShredSecretStore(join(dir, 'crashed.sqlite')); // the next start opens it (and stays open)
      expect(hits(join(dir, 'crashed.sqlite'), new Map([['secret', secret]]))).toEqual([]);
      live.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
