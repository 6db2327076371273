import type Router from '@koa/router';
import { z } from 'zod';
import { CONSENT_PURPOSES, currentConsents, type ConsentPurpose, type ConsentRecord, type PrivacyNotice } from '../../core/consent/consent.js';
import { recordConsent } from '../../core/consent/record-consent.use-case.js';
import { publishNotice } from '../../core/consent/publish-notice.use-case.js';
import { MAX_NOTICE_CHARS } from '../../core/consent/consent-prompt.js';
import type { Employee } from '../../core/records/employee.js';
import { correlationOf, currentActor, unwrap, type ApiDeps } from './api-context.js';
import { actorId } from './auth.js';
import { ApiError } from './http-errors.js';
import { parseBody } from './validation.js';

export const CONSENT_LABELS: Record<ConsentPurpose, { 'zh-CN': string; en: string }> = {
  relay_contact_requests: { 'zh-CN': '转达前同事的联系请求', en: 'Relay former colleagues’ contact requests' },
  post_departure_contact: { 'zh-CN': '离职后保留个人邮箱以便联系', en: 'Keep my personal email after I leave' },
  birthday_greetings: { 'zh-CN': '向团队显示我的生日', en: 'Show my birthday to my team' },
};

export interface ConsentRoutesDeps extends ApiDeps {
  /** Starts asking people about a newly published notice now, instead of at the job's next tick. */
  readonly onNoticePublished?: () => void;
}

const noticeText = z.string().trim().min(1).max(MAX_NOTICE_CHARS);
const publishBody = z.object({ baseVersion: z.number().int().min(0), text: z.object({ 'zh-CN': noticeText, en: noticeText }).strict() }).strict();

const consentBody = z.object({ purpose: z.string().min(1).max(64), granted: z.boolean(), noticeVersion: z.number().int().min(1).optional() });

/** Every purpose with its latest answer; one never answered reads as not granted. */
export function consentView(history: readonly ConsentRecord[]) {
  const current = currentConsents(history);
  return CONSENT_PURPOSES.map((purpose) => {
    const r = current.get(purpose);
    return { purpose, label: CONSENT_LABELS[purpose], granted: r?.granted ?? false, noticeVersion: r?.noticeVersion ?? null, at: r?.at ?? null };
  });
}

const noticeView = (n: PrivacyNotice | null, actor: Employee) =>
  n ? { version: n.version, text: n.text[actor.locale ?? 'zh-CN'], texts: n.text, publishedAt: n.publishedAt } : null;

/**
 * My consents (PIPL art. 15: withdrawal as easy as the grant, effective for the very next decision):
 * - `GET /api/me/consents` (signed in) → `{ notice:{version,text,texts,publishedAt}|null, consents:[{purpose,label,granted,noticeVersion,at}], history:[{purpose,granted,noticeVersion,at,channel}] }`
 * - `POST /api/me/consents` `{ purpose, granted, noticeVersion? }` → the same body; noticeVersion defaults to the
 *   current notice (the page shows it). Unknown purpose 400 `INPUT.INVALID`; no notice published 404 `CONSENT.NOT_FOUND`.
 */
/**
 * Privacy notices (every version stays readable: answers point at the version they were given to):
 * - `GET /api/consent/notices` (signed in) → `{ current: number|null, notices: [{version, texts:{zh-CN,en}, publishedAt, publishedBy, prompted}] }`, newest first;
 *   `prompted` is how many people were asked about that version so far.
 * - `POST /api/consent/notices` (HR admin, CSRF) `{ baseVersion, text: { zh-CN, en } }` → `{ notice }`: publishes version
 *   current + 1 and asks everybody who has not answered it (in batches, by the prompt job). A blank or oversized text
 *   400 `INPUT.INVALID`; a `baseVersion` other than the current version 409 `RECORD.CONFLICT` (someone published meanwhile).
 */
export function consentRoutes(router: Router, deps: ConsentRoutesDeps): void {
  router.get('/api/consent/notices', async (ctx) => {
    await currentActor(deps, ctx);
    const { notices, counts } = await deps.tx.run(async (u) => {
      if (!u.consents) throw new Error('unit of work has no consents: wire its repository factory');
      return { notices: await u.consents.notices(), counts: await u.consents.promptCounts() };
    });
    ctx.body = {
      current: notices.at(-1)?.version ?? null,
      notices: [...notices].reverse().map((n) => ({ version: n.version, texts: n.text, publishedAt: n.publishedAt, publishedBy: n.publishedBy, prompted: counts.get(n.version) ?? 0 })),
    };
  });

  router.post('/api/consent/notices', async (ctx) => {
    const body = parseBody(ctx, publishBody);
    const notice = unwrap(
      await publishNotice(deps, { actorId: actorId(ctx), text: body.text, baseVersion: body.baseVersion, channel: 'miniapp', correlationId: correlationOf(ctx) }),
    );
    deps.onNoticePublished?.();
    ctx.body = { notice: { version: notice.version, texts: notice.text, publishedAt: notice.publishedAt, publishedBy: notice.publishedBy, prompted: 0 } };
  });

  const view = async (actor: Employee) => {
    const { notice, history } = await deps.tx.run(async (u) => {
      if (!u.consents) throw new Error('unit of work has no consents: wire its repository factory');
      return { notice: await u.consents.currentNotice(), history: await u.consents.history(actor.id) };
    });
    return {
      notice: noticeView(notice, actor),
      consents: consentView(history),
      history: history.map((r) => ({ purpose: r.purpose, granted: r.granted, noticeVersion: r.noticeVersion, at: r.at, channel: r.channel })),
    };
  };

  router.get('/api/me/consents', async (ctx) => {
    ctx.body = await view(await currentActor(deps, ctx));
  });

  router.post('/api/me/consents', async (ctx) => {
    const body = parseBody(ctx, consentBody);
    const actor = await currentActor(deps, ctx);
    let noticeVersion = body.noticeVersion;
    if (noticeVersion === undefined) {
      const notice = await deps.tx.run(async (u) => (u.consents ? u.consents.currentNotice() : null));
      if (!notice) throw new ApiError(404, 'CONSENT.NOT_FOUND', 'CONSENT.NOT_FOUND', { kind: 'notice' });
      noticeVersion = notice.version;
    }
    unwrap(await recordConsent(deps, { employeeId: actor.id, answers: [{ purpose: body.purpose, granted: body.granted }], noticeVersion, channel: 'miniapp' }));
    ctx.body = await view(actor);
  });
}
