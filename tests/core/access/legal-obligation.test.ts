import { beforeEach, describe, expect, it } from 'vitest';
import { decideApproval } from '../../../core/access/decide-approval.use-case.js';
import { requestApproval, type RequestApprovalInput } from '../../../core/access/request-approval.use-case.js';
import { revealFields } from '../../../core/access/reveal-fields.use-case.js';
import { buildTestCompany, type TestCompany } from '../../../core/testing/test-company.js';

let c: TestCompany;
beforeEach(async () => {
  c = await buildTestCompany();
});

const REF = '（2026）京0108执123号';
const filing: RequestApprovalInput = {
  actorId: 'e-hr',
  subjectId: 'e-zhang',
  fields: ['bank_account'],
  justification: '法院协助执行通知书要求提供银行账号',
  reference: REF,
  channel: 'miniapp',
};
const reveal = (over: { approvalId?: string; actorId?: string; reference?: string } = {}) =>
  revealFields(c.deps, {
    actorId: 'e-hr',
    subjectId: 'e-zhang',
    fields: ['bank_account'],
    purpose: 'legal_obligation',
    justification: filing.justification,
    reference: REF,
    channel: 'miniapp',
    ...over,
  });

describe('legal_obligation: a reference and a second HR admin', () => {
  it('refuses a filing without a reference number', async () => {
    const r = await requestApproval(c.deps, { ...filing, reference: '' });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.REFERENCE_REQUIRED' }) });
    expect(await c.stores.grants.listApprovals('pending')).toEqual([]);
  });

  it('does not reveal before a second HR admin approves', async () => {
    expect(await reveal()).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.NEEDS_SECOND_APPROVER', params: { reason: 'SECOND_APPROVER_REQUIRED' } }) });
    expect(c.stores.accessLog.entries.at(-1)).toMatchObject({ action: 'reveal', outcome: 'pending', reasonCode: 'SECOND_APPROVER_REQUIRED' });
  });

  it('files a pending approval, logs it and asks the other HR admins', async () => {
    const r = await requestApproval(c.deps, filing);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const [pending] = await c.stores.grants.listApprovals('pending');
    expect(pending).toMatchObject({ id: r.value.approvalId, requesterId: 'e-hr', subjectId: 'e-zhang', reference: REF, status: 'pending' });
    expect(c.stores.accessLog.entries.at(-1)).toMatchObject({ action: 'approval', outcome: 'pending', reasonCode: 'SECOND_APPROVER_REQUIRED' });
    const asked = c.stores.outbox.messages.filter((m) => m.template === 'access.approval_requested');
    expect(asked.map((m) => m.recipient)).toEqual([{ kind: 'employee', employeeId: 'e-hr2' }]);
  });

  it('does not let the requester approve their own request', async () => {
    const r = await requestApproval(c.deps, filing);
    if (!r.ok) throw new Error('filing refused');
    const own = await decideApproval(c.deps, { actorId: 'e-hr', approvalId: r.value.approvalId, approve: true, channel: 'miniapp' });
    expect(own).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.DENIED', params: { reason: 'SECOND_APPROVER_SAME_PERSON' } }) });
    expect(c.stores.accessLog.entries.at(-1)).toMatchObject({ action: 'approval', outcome: 'denied', reasonCode: 'SECOND_APPROVER_SAME_PERSON' });
    const byHead = await decideApproval(c.deps, { actorId: 'e-head', approvalId: r.value.approvalId, approve: true, channel: 'miniapp' });
    expect(byHead.ok).toBe(false);
    expect((await c.stores.grants.getApproval(r.value.approvalId))?.status).toBe('pending');
  });

  it('reveals once with a different HR admin\'s approval, then the approval is used up', async () => {
    const r = await requestApproval(c.deps, filing);
    if (!r.ok) throw new Error('filing refused');
    const approved = await decideApproval(c.deps, { actorId: 'e-hr2', approvalId: r.value.approvalId, approve: true, channel: 'miniapp' });
    expect(approved).toEqual({ ok: true, value: { status: 'approved' } });
    expect(c.stores.outbox.messages.find((m) => m.template === 'access.approval_decided')?.recipient).toEqual({ kind: 'employee', employeeId: 'e-hr' });

    const shown = await reveal({ approvalId: r.value.approvalId });
    if (!shown.ok) throw new Error(JSON.stringify(shown.error));
    expect(shown.value.values[0]).toMatchObject({ field: 'bank_account', state: 'value', value: c.vaultValues.get('e-zhang')?.get('bank_account') });
    expect(c.stores.accessLog.entries.at(-1)).toMatchObject({ action: 'reveal', outcome: 'allowed', reasonCode: 'ALLOWED_SECOND_APPROVER' });
    expect((await c.stores.grants.getApproval(r.value.approvalId))?.status).toBe('used');

    expect((await reveal({ approvalId: r.value.approvalId })).ok).toBe(false);
  });

  it('does not carry an approval over to another requester or another reference', async () => {
    const r = await requestApproval(c.deps, filing);
    if (!r.ok) throw new Error('filing refused');
    await decideApproval(c.deps, { actorId: 'e-hr2', approvalId: r.value.approvalId, approve: true, channel: 'miniapp' });
    expect((await reveal({ approvalId: r.value.approvalId, actorId: 'e-hr2' })).ok).toBe(false);
    expect((await reveal({ approvalId: r.value.approvalId, reference: 'OTHER-999' })).ok).toBe(false);
  });

  it('a rejected approval opens nothing', async () => {
    const r = await requestApproval(c.deps, filing);
    if (!r.ok) throw new Error('filing refused');
    await decideApproval(c.deps, { actorId: 'e-hr2', approvalId: r.value.approvalId, approve: false, channel: 'miniapp' });
    expect(c.stores.accessLog.entries.at(-1)).toMatchObject({ action: 'approval', outcome: 'denied', reasonCode: 'APPROVAL_REJECTED' });
    expect((await reveal({ approvalId: r.value.approvalId })).ok).toBe(false);
  });
});
