import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Locale } from '../../../core/messaging/notification.js';
import type { ContactDeps } from '../../../core/contact/contact-context.js';
import type { DomainError } from '../../../core/shared/domain-error.js';
import { answerContactRequest, parseAnswer } from '../../../core/contact/answer-contact-request.use-case.js';
import { checkSettingsLink, viewContactLink } from '../../../core/contact/contact-link.use-case.js';
import { parseRelayChange, updateRelaySettings } from '../../../core/contact/relay-settings.use-case.js';
import type { ContactStatus } from '../../../core/contact/contact-request.js';
import { answerPage, messagePage, settingsPage, type PageFrame } from './former-page.js';
import { FORMER_CSS, FORMER_JS } from './former-page.assets.js';
import type { PageKey } from './former-i18n.js';

export interface FormerLinkRoutesDeps {
  readonly contact: Pick<ContactDeps, 'tx' | 'clock' | 'links'>;
  readonly timezone: string;
  readonly publicOrigin: string;
}

/** Strict for these pages: our own CSS and JS only, forms post back to us, never framed. */
const CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const isLocale = (v: unknown): v is Locale => v === 'zh-CN' || v === 'en';

function pickLocale(ctx: Context, fallback: Locale): Locale {
  const asked = ctx.query.lang ?? (ctx.request as { body?: Record<string, unknown> }).body?.lang;
  if (isLocale(asked)) return asked;
  return fallback;
}

/** Without a readable link the language comes from the browser. */
const browserLocale = (ctx: Context): Locale => (/^en\b/i.test(ctx.get('accept-language')) ? 'en' : 'zh-CN');

function send(ctx: Context, status: number, html: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', CSP);
  // Not no-referrer: with it a browser posts the answer form with `Origin: null`, which
  // formValid must refuse. same-origin sends the real Origin (and Referer) to us only.
  ctx.set('Referrer-Policy', 'same-origin');
  ctx.set('X-Robots-Tag', 'noindex, nofollow');
  ctx.body = html;
}

const REFUSAL_STATUS: Record<string, number> = { tampered: 400, mismatch: 400, used: 409, closed: 409, expired: 410 };

function refusalPage(ctx: Context, frame: PageFrame, e: DomainError): void {
  const reason = String(e.params.reason ?? 'tampered');
  const key = (['tampered', 'mismatch', 'used', 'expired', 'closed'].includes(reason) ? `error.${reason}` : 'error.tampered') as PageKey;
  send(ctx, REFUSAL_STATUS[reason] ?? 400, messagePage(frame, 'error.heading', key));
}

const DONE: Partial<Record<ContactStatus, PageKey>> = { granted: 'done.granted', replied: 'done.replied', declined: 'done.declined', blocked: 'done.blocked' };

/**
 * A form must come from this very link's page: its CSRF token is bound to the link token, and
 * an Origin, when sent, must be ours (the public origin, or the host a proxy forwarded);
 * `null` (an opaque or referrer-hiding origin) is refused like any foreign one.
 */
function formValid(ctx: Context, deps: FormerLinkRoutesDeps, token: string): boolean {
  const origin = ctx.get('origin');
  if (origin && origin !== deps.publicOrigin && origin !== `${ctx.protocol}://${ctx.host}`) return false;
  const csrf = (ctx.request as { body?: Record<string, unknown> }).body?.csrf;
  return typeof csrf === 'string' && deps.contact.links.signer.formTokenValid(token, csrf);
}

/**
 * The former employee's pages, outside the messenger: GET/POST /r/:token (answer) and
 * /r/:token/settings (change the address or stop relays). Server-rendered, zh-CN and en.
 */
export function formerLinkRoutes(router: Router, deps: FormerLinkRoutesDeps): void {
  const date = (d: Date, locale: Locale) => new Intl.DateTimeFormat(locale, { timeZone: deps.timezone, dateStyle: 'long', timeStyle: 'short' }).format(d);
  const body = (ctx: Context) => ((ctx.request as { body?: Record<string, unknown> }).body ?? {}) as Record<string, unknown>;

  router.get('/r-assets/former.css', (ctx) => {
    ctx.type = 'text/css; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = FORMER_CSS;
  });
  router.get('/r-assets/former.js', (ctx) => {
    ctx.type = 'text/javascript; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = FORMER_JS;
  });

  router.get('/r/:token', async (ctx) => {
    const token = ctx.params.token!;
    const view = await viewContactLink(deps.contact, { token });
    const frame = { locale: pickLocale(ctx, view.ok ? view.value.locale : browserLocale(ctx)), path: `/r/${token}` };
    if (!view.ok) return refusalPage(ctx, frame, view.error);
    send(ctx, 200, answerPage(frame, view.value, deps.contact.links.signer.formToken(token), date(view.value.expiresAt, frame.locale)));
  });

  router.post('/r/:token', async (ctx) => {
    const token = ctx.params.token!;
    const frame = { locale: pickLocale(ctx, browserLocale(ctx)), path: `/r/${token}` };
    if (!formValid(ctx, deps, token)) return send(ctx, 403, messagePage(frame, 'error.heading', 'error.form'));
    const answer = parseAnswer(body(ctx));
    if (!answer) {
      const view = await viewContactLink(deps.contact, { token });
      if (!view.ok) return refusalPage(ctx, frame, view.error);
      return send(ctx, 400, answerPage(frame, view.value, deps.contact.links.signer.formToken(token), date(view.value.expiresAt, frame.locale), true));
    }
    const done = await answerContactRequest(deps.contact, { token, answer });
    if (!done.ok) return refusalPage(ctx, frame, done.error);
    send(ctx, 200, messagePage(frame, 'done.heading', DONE[done.value.status] ?? 'done.declined'));
  });

  router.get('/r/:token/settings', async (ctx) => {
    const token = ctx.params.token!;
    const checked = await checkSettingsLink(deps.contact, { token });
    const frame = { locale: pickLocale(ctx, checked.ok ? checked.value.locale : browserLocale(ctx)), path: `/r/${token}/settings` };
    if (!checked.ok) return refusalPage(ctx, frame, checked.error);
    send(ctx, 200, settingsPage(frame, deps.contact.links.signer.formToken(token)));
  });

  router.post('/r/:token/settings', async (ctx) => {
    const token = ctx.params.token!;
    const frame = { locale: pickLocale(ctx, browserLocale(ctx)), path: `/r/${token}/settings` };
    if (!formValid(ctx, deps, token)) return send(ctx, 403, messagePage(frame, 'error.heading', 'error.form'));
    const change = parseRelayChange(body(ctx));
    if (!change) {
      const checked = await checkSettingsLink(deps.contact, { token });
      if (!checked.ok) return refusalPage(ctx, frame, checked.error);
      return send(ctx, 400, settingsPage(frame, deps.contact.links.signer.formToken(token), true));
    }
    const done = await updateRelaySettings(deps.contact, { token, change });
    if (!done.ok) return refusalPage(ctx, frame, done.error);
    send(ctx, 200, messagePage(frame, 'done.heading', done.value.relayOptIn ? 'settings.done.email' : 'settings.done.stop'));
  });
}
