import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../core/records/default-catalog.js';
import type { FieldValue } from '../../../core/records/field-catalog.js';
import { InMemoryAccessLog } from '../../../core/testing/in-memory-access-log.js';
import { StaleVersionError } from '../../../core/testing/in-memory-employees.js';
import { InMemoryOutbox } from '../../../core/testing/in-memory-outbox.js';
import { InMemoryVault } from '../../../core/testing/in-memory-vault.js';
import { buildTestCompany } from '../../../core/testing/test-company.js';

describe('the in-memory fakes', () => {
  it('roll every store back when a transaction throws, and commit when it returns', async () => {
    const c = await buildTestCompany();
    await expect(
      c.tx.run(async (uow) => {
        await uow.outbox.enqueue({ recipient: { kind: 'employee', employeeId: 'e-li' }, template: 't', params: {}, dedupeKey: 'k1' });
        const li = await uow.employees.get('e-li');
        if (li) await uow.employees.save({ ...li, title: 'changed' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(c.stores.outbox.messages).toEqual([]);
    expect((await c.stores.employees.get('e-li'))?.title).toBe('工程师');
    await c.tx.run(async (uow) => uow.outbox.enqueue({ recipient: { kind: 'employee', employeeId: 'e-li' }, template: 't', params: {}, dedupeKey: 'k1' }));
    expect(c.stores.outbox.messages).toHaveLength(1);
  });

  it('save employees optimistically: a stale version is refused, a fresh one is bumped', async () => {
    const c = await buildTestCompany();
    const li = await c.stores.employees.get('e-li');
    if (!li) throw new Error('missing');
    const saved = await c.stores.employees.save({ ...li, title: 'A' });
    expect(saved.version).toBe(li.version + 1);
    await expect(c.stores.employees.save({ ...li, title: 'B' })).rejects.toBeInstanceOf(StaleVersionError);
  });

  it('search employees by text over name, number and department path, with keyset paging', async () => {
    const c = await buildTestCompany();
    expect((await c.stores.employees.search({ text: '平台组', limit: 10 })).map((e) => e.id)).toEqual(['e-zhou']);
    const first = await c.stores.employees.search({ status: 'active', limit: 3 });
    const next = await c.stores.employees.search({ status: 'active', limit: 3, afterId: first.at(-1)?.id });
    expect(new Set([...first, ...next].map((e) => e.id)).size).toBe(6);
    expect((await c.stores.employees.search({ status: 'departed', limit: 10 })).map((e) => e.id)).toEqual(['e-zhang']);
  });

  it('keep vault states: value, empty, erased after a scope is shredded', async () => {
    const vault = new InMemoryVault();
    await vault.write('x', new Map<string, FieldValue>([['personal_phone', '13800001111'], ['emergency_contacts', [{ name: 'a', relation: 'b', phone: 'c' }]]]), DEFAULT_CATALOG);
    expect(await vault.liveScopes('x')).toEqual(['emergency', 'personal_contact']);
    expect(await vault.eraseScope('x', 'emergency')).toEqual({ fieldsErased: 1 });
    const read = await vault.read('x', ['personal_phone', 'emergency_contacts', 'salary']);
    expect(Object.fromEntries(read)).toEqual({
      personal_phone: { state: 'value', value: '13800001111' },
      emergency_contacts: { state: 'erased' },
      salary: { state: 'empty' },
    });
    expect(await vault.liveScopes('x')).toEqual(['personal_contact']);
    await expect(vault.write('x', new Map([['name', 'n']]), DEFAULT_CATALOG)).rejects.toThrow('not a vault field');
  });

  it('number log entries from 1 and search them newest first with keyset paging', async () => {
    const log = new InMemoryAccessLog();
    const base = { at: new Date('2026-01-01T00:00:00Z'), actorId: 'a', actorRole: null, subjectId: 's', action: 'reveal' as const, fields: [], purpose: null, outcome: 'denied' as const, reasonCode: 'X', channel: 'bot' as const, correlationId: null };
    for (const j of ['他欠我钱', 'payroll', '欠钱不还']) await log.append({ ...base, justification: j });
    expect(log.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    const page = await log.search({ keyword: '欠', limit: 1 });
    expect(page.entries.map((e) => e.seq)).toEqual([3]);
    const rest = await log.search({ keyword: '欠', limit: 1, beforeSeq: page.nextBeforeSeq ?? 0 });
    expect(rest).toMatchObject({ entries: [expect.objectContaining({ seq: 1 })], nextBeforeSeq: null });
  });

  it('deliver an outbox dedupe key once', async () => {
    const outbox = new InMemoryOutbox();
    const m = { recipient: { kind: 'employee' as const, employeeId: 'e' }, template: 't', params: {}, dedupeKey: 'same' };
    await outbox.enqueue(m);
    await outbox.enqueue({ ...m, template: 'other' });
    expect(outbox.messages.map((x) => x.template)).toEqual(['t']);
  });
});
