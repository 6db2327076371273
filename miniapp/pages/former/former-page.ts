import type { Locale } from '../../../core/messaging/notification.js';
import type { AnswerPageView } from '../../../core/contact/contact-link.use-case.js';
import { t, type PageKey } from './former-i18n.js';

/** Escapes text for HTML element content and attribute values. */
export const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PageFrame {
  readonly locale: Locale;
  /** This page's own path, for the language switch (no query string: the token is in the path). */
  readonly path: string;
}

function layout(f: PageFrame, body: string): string {
  const other: Locale = f.locale === 'zh-CN' ? 'en' : 'zh-CN';
  return `<!doctype html>
<html lang="${f.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<title>${esc(t(f.locale, 'page.title'))}</title>
<link rel="stylesheet" href="/r-assets/former.css">
<script src="/r-assets/former.js" defer></script>
</head>
<body>
<header><strong>Boundary HR</strong><a href="${esc(f.path)}?lang=${other}" hreflang="${other}">${esc(t(f.locale, 'page.switch'))}</a></header>
<main>
${body}
</main>
<footer>${esc(t(f.locale, 'footer'))}</footer>
</body>
</html>`;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${esc(value)}">`;

export function answerPage(f: PageFrame, v: AnswerPageView, csrf: string, expires: string, invalid = false): string {
  const L = f.locale;
  const who = v.requesterDepartment ? `${v.requesterName}（${v.requesterDepartment}）` : v.requesterName;
  const channels = (['phone', 'email', 'wechat'] as const).map((c) => `<option value="${c}">${esc(t(L, `channel.${c}`))}</option>`).join('');
  return layout(
    f,
    `<section class="card">
<h1>${esc(t(L, 'answer.heading', { target: v.targetName }))}</h1>
<p>${esc(t(L, 'answer.intro'))}</p>
<dl>
<dt>${esc(t(L, 'answer.who'))}</dt><dd>${esc(L === 'en' ? who.replace('（', ' (').replace('）', ')') : who)}</dd>
<dt>${esc(t(L, 'answer.reason'))}</dt><dd>${esc(t(L, `reason.${v.reason}` as PageKey))}</dd>
<dt>${esc(t(L, 'answer.message'))}</dt><dd>${esc(v.message)}</dd>
</dl>
<p class="muted">${esc(t(L, 'answer.expires', { date: expires }))}</p>
</section>
<form class="card" method="post" action="${esc(f.path)}" data-choices>
${hidden('csrf', csrf)}${hidden('lang', L)}
<fieldset>
<legend>${esc(t(L, 'answer.choose'))}</legend>
${invalid ? `<p class="error" role="alert">${esc(t(L, 'answer.invalid'))}</p>` : ''}
<label class="option"><input type="radio" name="kind" value="share">${esc(t(L, 'answer.share'))}</label>
<div class="sub" data-for="share">
<label for="channel">${esc(t(L, 'answer.share.kind'))}</label><select id="channel" name="channel">${channels}</select>
<label for="value">${esc(t(L, 'answer.share.value'))}</label><input id="value" type="text" name="value" maxlength="120" autocomplete="off">
</div>
<label class="option"><input type="radio" name="kind" value="reply">${esc(t(L, 'answer.reply'))}</label>
<div class="sub" data-for="reply">
<label for="message">${esc(t(L, 'answer.reply.message'))}</label><textarea id="message" name="message" maxlength="300"></textarea>
</div>
<label class="option"><input type="radio" name="kind" value="decline">${esc(t(L, 'answer.decline'))}</label>
<label class="option"><input type="radio" name="kind" value="block">${esc(t(L, 'answer.block'))}</label>
</fieldset>
<button type="submit">${esc(t(L, 'answer.submit'))}</button>
</form>
<p class="muted"><a href="${esc(f.path)}/settings?lang=${L}" rel="nofollow">${esc(t(L, 'settings.link'))}</a></p>`,
  );
}

export function settingsPage(f: PageFrame, csrf: string, invalid = false): string {
  const L = f.locale;
  return layout(
    f,
    `<form class="card" method="post" action="${esc(f.path)}" data-choices>
<h1>${esc(t(L, 'settings.heading'))}</h1>
<p>${esc(t(L, 'settings.intro'))}</p>
${hidden('csrf', csrf)}${hidden('lang', L)}
${invalid ? `<p class="error" role="alert">${esc(t(L, 'settings.invalid'))}</p>` : ''}
<label class="option"><input type="radio" name="kind" value="email">${esc(t(L, 'settings.email'))}</label>
<div class="sub" data-for="email"><label for="email">${esc(t(L, 'settings.email.value'))}</label><input id="email" type="email" name="email" maxlength="254" autocomplete="email"></div>
<label class="option"><input type="radio" name="kind" value="stop">${esc(t(L, 'settings.stop'))}</label>
<button type="submit">${esc(t(L, 'settings.submit'))}</button>
</form>`,
  );
}

/** A short page with a heading and one sentence (done, or why the link does not open). */
export function messagePage(f: PageFrame, heading: PageKey, text: PageKey): string {
  return layout(f, `<section class="card"><h1>${esc(t(f.locale, heading))}</h1><p>${esc(t(f.locale, text))}</p></section>`);
}
