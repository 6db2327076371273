import { esc } from './former-page.js';

export interface MailboxMail {
  readonly at: number;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Links in a mail's text become anchors; everything else stays escaped text. */
const linkify = (text: string): string =>
  esc(text).replace(/https?:\/\/[^\s<&]+/g, (url) => `<a href="${url}" rel="noreferrer">${url}</a>`);

/**
 * Demo mode's mailbox (/dev/mailbox, next to /dev/messenger): the mails the server would have
 * sent to former employees, newest first, so the whole story can be played on one machine.
 */
export function mailboxPage(mails: readonly MailboxMail[]): string {
  const items = [...mails]
    .sort((a, b) => b.at - a.at)
    .map(
      (m) => `<article class="card">
<p class="muted">${esc(new Date(m.at).toISOString())} · to ${esc(m.to)}</p>
<h1>${esc(m.subject)}</h1>
<div class="mail">${linkify(m.text).replace(/\n/g, '<br>')}</div>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">
<title>Demo mailbox · Boundary</title><link rel="stylesheet" href="/r-assets/former.css"></head>
<body>
<header><strong>Demo mailbox</strong><a href="/dev/messenger">Messenger</a></header>
<main>
<p class="muted">Demo mode only: mails to former employees land here instead of being sent.</p>
${items || '<p class="card">No mail yet.</p>'}
</main>
</body>
</html>`;
}
