import { listContactQueue, listMyContactRequests } from '../../core/contact/list-contact-requests.use-case.js';
import { requiresEmployee, requiresRole, text, type CommandListener, type Reply, type TextPart } from '../dispatcher/bot-context.js';
import { matcher } from '../dispatcher/matchers.js';
import { renderText } from '../dispatcher/reply-renderer.js';
import { contactDepsFor, contactError, type ContactBotDeps } from './contact-support.js';

const mineMatches = matcher(
  ['my requests', 'my contact requests', 'requests', '我的请求', '我的联系请求', '联系请求', '我的申请'],
  [/^(查看|看看|显示)?我的(联系)?(请求|申请)/u, /^(show|see|list|view) my (contact )?requests/],
);

/** "My requests": where each stands — every neutral ending reads the same — and withdraw while open. */
export function myContactRequestsCommand(deps: ContactBotDeps): CommandListener {
  return {
    id: 'contact-my-requests',
    guard: requiresEmployee,
    matches: mineMatches,
    async handle(ctx) {
      const mine = await listMyContactRequests(contactDepsFor(ctx, deps), { requesterId: ctx.sender!.id, limit: 10 });
      if (!mine.length) return [text('contact.mine.title', { key: 'contact.mine.empty' })];
      const lines: TextPart[] = [];
      for (const r of mine) {
        lines.push({ key: 'contact.mine.line', params: { name: r.target.name }, refs: { reason: `contact.reason.${r.reason}`, status: `contact.mine.status.${r.status}` } });
        if (r.shared) lines.push({ key: 'contact.mine.shared', params: { value: r.shared.value }, refs: { channel: `contact.channel.${r.shared.kind}` } });
        if (r.reply) lines.push({ key: 'contact.mine.reply', params: { message: r.reply } });
      }
      const open = mine.filter((r) => ['submitted', 'hr_review', 'awaiting_consent'].includes(r.status)).map((r) => ({ id: r.id, name: r.target.name }));
      const list = text('contact.mine.title', ...lines);
      if (!open.length) return [list];
      // The list is drawn into the card in the reader's language, with a withdraw button per open request.
      const markdown = renderText(list as Extract<Reply, { kind: 'text' }>, ctx.locale).markdown;
      return [{ kind: 'card', card: 'contact_mine', data: { markdown, open: JSON.stringify(open), locale: ctx.locale } }];
    },
  };
}

const queueMatches = matcher(
  ['pending queue', 'pending', 'hr queue', 'queue', '待处理', '待审核', '待办', '审核队列', '联系请求审核'],
  [/^(查看|看看)?(待处理|待审核)(的)?(请求|事项|联系请求)?/u, /^(show|see|list) (the )?(pending|hr) (queue|requests)/],
);

/** HR's pending queue in chat: one approval card per request waiting for review. */
export function hrContactQueueCommand(deps: ContactBotDeps): CommandListener {
  return {
    id: 'contact-hr-queue',
    guard: requiresRole('hr_admin'),
    matches: queueMatches,
    async handle(ctx) {
      const queue = await listContactQueue(contactDepsFor(ctx, deps), { hrId: ctx.sender!.id, channel: 'bot', limit: 20 });
      if (!queue.ok) return [contactError(queue.error)];
      const waiting = queue.value.filter((q) => q.status === 'hr_review');
      if (!waiting.length) return [text('contact.queue.title', { key: 'contact.queue.empty' })];
      const cards: Reply[] = waiting.map((q) => ({
        kind: 'card',
        card: 'contact_review',
        data: {
          requestId: q.id,
          requesterName: q.requester.name,
          requesterDepartment: q.requester.department,
          targetName: q.target.name,
          reasonRef: `contact.reason.${q.reason}`,
          message: q.message,
        },
      }));
      return [text('contact.queue.title', { key: 'contact.queue.header', params: { count: waiting.length } }), ...cards];
    },
  };
}
