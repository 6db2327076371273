import type Router from '@koa/router';
import { z } from 'zod';
import { fileResignation } from '../../core/offboarding/file-resignation.use-case.js';
import { decideResignation } from '../../core/offboarding/decide-resignation.use-case.js';
import { withdrawResignation } from '../../core/offboarding/withdraw-resignation.use-case.js';
import { confirmChecklistItem } from '../../core/offboarding/confirm-checklist-item.use-case.js';
import { myOffboarding, pendingHandovers } from '../../core/offboarding/list-offboarding.use-case.js';
import type { ChecklistItemKey, OffboardingCase } from '../../core/offboarding/offboarding-case.js';
import type { RetentionReason, RetentionStatementLine } from '../../core/retention/retention-statement.js';
import { hasRole } from '../../core/records/employee.js';
import type { OffboardingDeps } from '../../core/offboarding/offboarding-support.js';
import { currentActor, requirePermission, unwrap } from './api-context.js';
import { parseBody, pathId } from './validation.js';

const ITEM_LABELS: Record<ChecklistItemKey, { 'zh-CN': string; en: string }> = {
  handover: { 'zh-CN': '工作交接（部门负责人确认）', en: 'Work handover (confirmed by the department head)' },
  equipment: { 'zh-CN': '归还设备', en: 'Return equipment' },
  accounts: { 'zh-CN': '关闭账号', en: 'Close accounts' },
};

const REASONS: Record<RetentionReason, { 'zh-CN': string; en: string }> = {
  minimal_record: { 'zh-CN': '最小档案：证明曾在职', en: 'Minimal record: proof you worked here' },
  third_party: { 'zh-CN': '涉及第三方（紧急联系人），尽早删除', en: 'Third parties’ data (emergency contacts), deleted early' },
  labour_contract_law: { 'zh-CN': '《劳动合同法》第50条：保存两年', en: 'Labour Contract Law art. 50: kept two years' },
  payroll_final_pay: { 'zh-CN': '工资与社保结算', en: 'Final pay and social insurance settlement' },
  relay_consent: { 'zh-CN': '仅在你同意转达联系请求期间保留', en: 'Kept only while you agree to relayed contact requests' },
  policy: { 'zh-CN': '公司保存政策', en: 'Company retention policy' },
};

/** One statement line in both languages, ready to show; the structured line stays alongside. */
export function statementLine(l: RetentionStatementLine) {
  const until = { 'zh-CN': l.until ? `保存至 ${l.until}` : '长期保存', en: l.until ? `kept until ${l.until}` : 'kept' };
  const atMost = l.untilAtMost ? { 'zh-CN': `，最迟 ${l.untilAtMost}`, en: `, at most until ${l.untilAtMost}` } : { 'zh-CN': '', en: '' };
  const fields = { 'zh-CN': l.fields.map((f) => f.label['zh-CN']).join('、'), en: l.fields.map((f) => f.label.en).join(', ') };
  return {
    fields: l.fields.map((f) => f.key),
    reason: l.reason,
    until: l.until,
    untilAtMost: l.untilAtMost,
    text: {
      'zh-CN': `${fields['zh-CN']}：${until['zh-CN']}${atMost['zh-CN']}（${REASONS[l.reason]['zh-CN']}）`,
      en: `${fields.en}: ${until.en}${atMost.en} (${REASONS[l.reason].en})`,
    },
  };
}

/**
 * A case for the page. With `confirmable` (the items the viewer may tick, by the core's rule)
 * every item says `canConfirm`, so pages offer exactly the actions the server accepts.
 */
export const caseView = (c: OffboardingCase, confirmable?: readonly ChecklistItemKey[]) => ({
  id: c.id,
  employeeId: c.employeeId,
  status: c.status,
  lastDay: c.lastDay,
  reasonCategory: c.reasonCategory,
  filedAt: c.filedAt,
  approvals: {
    deptHead: c.deptHeadRequired ? (c.deptHeadApproval ? { approved: c.deptHeadApproval.approved, at: c.deptHeadApproval.at } : null) : 'not_required',
    hr: c.hrApproval ? { approved: c.hrApproval.approved, at: c.hrApproval.at } : null,
  },
  items: c.checklist.map((i) => ({
    key: i.key,
    label: ITEM_LABELS[i.key],
    done: i.done,
    doneAt: i.confirmedAt,
    ...(confirmable ? { canConfirm: confirmable.includes(i.key) } : {}),
  })),
  answers: c.answers,
  departedAt: c.departedAt,
});

const fileBody = z.object({ employeeId: z.string().min(1).max(64), lastDay: z.string().min(1).max(10), reasonCategory: z.string().min(1).max(40) });
const decisionBody = z.object({ decision: z.enum(['approve', 'reject']), as: z.enum(['dept_head', 'hr']).optional() });
// The team page names the department head's handover confirmation `head_confirmation`.
const ITEM_ALIASES: Record<string, string> = { head_confirmation: 'handover' };

/**
 * Offboarding in the mini-app:
 * - `GET /api/me/offboarding` (signed in) → `{ offboarding: case|null, statement:[{fields,reason,until,untilAtMost,text:{zh-CN,en}}]|null }`
 *   where case is `{ id,status,lastDay,reasonCategory,filedAt,approvals,items:[{key,label,done,doneAt,canConfirm}],answers,departedAt }`;
 *   `canConfirm` says whether the viewer may tick the item (never on their own case).
 * - `GET /api/employees/:id/offboarding` (hr_admin) → `{ offboarding: case|null }`, the person's latest case (open or closed),
 *   so HR's employee page shows the status and approvals of a resignation it filed or was asked to approve.
 * - `POST /api/offboarding` (hr_admin) `{ employeeId, lastDay, reasonCategory }` → `{ offboarding }`; approval cards go out.
 * - `POST /api/offboarding/:id/decision` `{ decision:'approve'|'reject', as? }` → `{ offboarding }` (the approving head or HR;
 *   `as` defaults to hr for HR admins). Anyone else 403.
 * - `POST /api/offboarding/:id/checklist/:item` (HR; the approving head for handover|head_confirmation) → `{ offboarding }`.
 * - `POST /api/offboarding/:id/withdraw` (the person themself, or HR) → `{ offboarding }` with status `cancelled`;
 *   a case that is no longer open is a 409.
 * - `GET /api/dept/handovers` (dept_head) → `{ handovers:[{id,employee:{id,name},lastDay,items}] }` (items with `canConfirm`).
 */
export function offboardingRoutes(router: Router, deps: OffboardingDeps): void {
  router.get('/api/me/offboarding', async (ctx) => {
    const actor = await currentActor(deps, ctx);
    const v = await myOffboarding(deps, { employeeId: actor.id });
    ctx.body = { offboarding: v.case ? caseView(v.case, v.confirmable) : null, statement: v.statement?.map(statementLine) ?? null };
  });

  router.get('/api/employees/:id/offboarding', async (ctx) => {
    const employeeId = pathId(ctx);
    await requirePermission(deps, ctx, 'offboarding.manage');
    const v = await myOffboarding(deps, { employeeId });
    ctx.body = { offboarding: v.case ? caseView(v.case) : null };
  });

  router.post('/api/offboarding', async (ctx) => {
    const actor = await requirePermission(deps, ctx, 'offboarding.manage');
    const body = parseBody(ctx, fileBody);
    const c = unwrap(await fileResignation(deps, { actorId: actor.id, employeeId: body.employeeId, lastDay: body.lastDay, reasonCategory: body.reasonCategory, channel: 'miniapp' }));
    ctx.body = { offboarding: caseView(c) };
  });

  router.post('/api/offboarding/:id/decision', async (ctx) => {
    const caseId = pathId(ctx);
    const body = parseBody(ctx, decisionBody);
    const actor = await currentActor(deps, ctx);
    const as = body.as ?? (hasRole(actor, 'hr_admin') ? 'hr' : 'dept_head');
    const c = unwrap(await decideResignation(deps, { actorId: actor.id, caseId, as, approve: body.decision === 'approve', channel: 'miniapp' }));
    ctx.body = { offboarding: caseView(c) };
  });

  router.post('/api/offboarding/:id/checklist/:item', async (ctx) => {
    const caseId = pathId(ctx);
    const raw = pathId(ctx, 'item');
    const actor = await currentActor(deps, ctx);
    const c = unwrap(await confirmChecklistItem(deps, { actorId: actor.id, caseId, item: ITEM_ALIASES[raw] ?? raw, channel: 'miniapp' }));
    ctx.body = { offboarding: caseView(c) };
  });

  router.post('/api/offboarding/:id/withdraw', async (ctx) => {
    const caseId = pathId(ctx);
    const actor = await currentActor(deps, ctx);
    const c = unwrap(await withdrawResignation(deps, { actorId: actor.id, caseId, channel: 'miniapp' }));
    ctx.body = { offboarding: caseView(c) };
  });

  router.get('/api/dept/handovers', async (ctx) => {
    const actor = await requirePermission(deps, ctx, 'team.roster');
    const list = await pendingHandovers(deps, { actorId: actor.id });
    ctx.body = {
      handovers: list.map((h) => ({ id: h.case.id, employee: h.employee, lastDay: h.case.lastDay, items: caseView(h.case, h.confirmable).items })),
    };
  });
}
