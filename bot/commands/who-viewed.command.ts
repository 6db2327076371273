import { requiresEmployee, text, type CommandListener, type TextPart } from '../dispatcher/bot-context.js';
import { matcher } from '../dispatcher/matchers.js';
import type { UnitOfWork } from '../../core/shared/unit-of-work.port.js';

/** One access to the sender's data, as the access-log use case summarises it (no values). */
export interface ViewRecord {
  readonly at: Date;
  /** Who looked, as the subject may see it (e.g. "HR · 王芳"); decided by the use case. */
  readonly who: string;
  /** Field labels, already in the reader's language, or codes. */
  readonly fields: readonly string[];
  readonly purpose: string | null;
  readonly outcome: 'allowed' | 'denied' | 'pending' | 'recorded';
}

/**
 * core/audit's who-viewed-my-data, as a function the composition root passes in. It reads
 * through the handler's own unit of work: the inbox worker's transaction.
 */
export type WhoViewedMyData = (subjectEmployeeId: string, limit: number, uow: UnitOfWork) => Promise<readonly ViewRecord[]>;

const matches = matcher(
  ['who viewed my data', 'who viewed me', 'access log', '谁看过我的信息', '谁看过我', '查看记录', '访问记录'],
  [
    /^(谁|哪些人|有谁|有人)(都)?(看|查看|访问|查)(过|了)?(我的)?(信息|资料|档案|数据)?/u,
    /^who('s| has| have)? (viewed|looked at|accessed|seen|read|checked) my (data|profile|record|info|details)/,
  ],
);

const LIMIT = 10;

export function whoViewedCommand(whoViewed: WhoViewedMyData): CommandListener {
  return {
    id: 'who-viewed-my-data',
    guard: requiresEmployee,
    matches,
    async handle(ctx) {
      const records = await whoViewed(ctx.sender!.id, LIMIT, ctx.uow);
      const miniappUrl = ctx.settings.miniappUrl;
      if (!records.length)
        return [text('who_viewed.title', { key: 'who_viewed.empty' }, { key: 'who_viewed.footer', params: { miniappUrl } })];
      const when = new Intl.DateTimeFormat(ctx.locale, { timeZone: ctx.settings.timezone, dateStyle: 'medium', timeStyle: 'short' });
      const lines: TextPart[] = records.map((r) => ({
        key: 'who_viewed.line',
        params: { when: when.format(r.at), who: r.who, fields: r.fields.join(', '), purpose: r.purpose },
        refs: { outcome: `who_viewed.outcome.${r.outcome}` },
      }));
      return [
        text(
          'who_viewed.title',
          { key: 'who_viewed.header', params: { count: records.length } },
          ...lines,
          { key: 'who_viewed.footer', params: { miniappUrl } },
        ),
      ];
    },
  };
}
