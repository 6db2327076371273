import type { MessageKey } from './zh-CN.js';

/** English catalog: must have every key of the zh-CN source (checked by the compiler). */
export const en: Record<MessageKey, string> = {
  'help.title': 'Boundary HR assistant',
  'help.body':
    '### What I can do\n' +
    '- **my profile**: your basic record (name, department, title, work contact, status)\n' +
    '- **who viewed my data**: who looked at your record, and for what purpose\n' +
    '- **language** / 语言: switch between Chinese and English\n' +
    '- **help**: show this overview again\n\n' +
    'Personal and sensitive data (phone, address, emergency contacts…) is never shown in chat. Open the Boundary mini-app from your workbench: {miniappUrl}',
  'help.unknown': "I didn't understand that. Here is what I can do.",
  'common.not_registered':
    'Your DingTalk account is not linked to an employee record yet; please contact HR. Meanwhile, type "help" to see what I can do.',
  'common.not_allowed': 'This needs the HR admin role.',
  'common.none': '—',
  'common.error': 'Something went wrong. Please try again later; if it keeps failing, contact HR.',
  'profile.title': 'My profile',
  'profile.body':
    '### {name}\n' +
    '- Employee no.: {employeeNo}\n' +
    '- Department: {department}\n' +
    '- Title: {title}\n' +
    '- Work email: {workEmail}\n' +
    '- Work phone: {workPhone}\n' +
    '- Status: {status}\n\n' +
    'Personal and sensitive data is not shown in chat; see it in the Boundary mini-app: {miniappUrl}',
  'profile.status.active': 'active',
  'profile.status.pending_departure': 'leaving (offboarding in progress)',
  'profile.status.departed': 'departed',
  'who_viewed.title': 'Who viewed my data',
  'who_viewed.empty': 'Nobody has looked at your personal data recently.',
  'who_viewed.header': '### The last {count} views',
  'who_viewed.line': '- {when}: {who} — {fields} (purpose: {purpose}, outcome: {outcome})',
  'who_viewed.footer': 'The full history is in the Boundary mini-app: {miniappUrl}',
  'who_viewed.outcome.allowed': 'allowed',
  'who_viewed.outcome.denied': 'refused',
  'who_viewed.outcome.pending': 'awaiting approval',
  'who_viewed.outcome.recorded': 'recorded',
  'language.title': 'Choose a language',
  'language.body': 'Which language should Boundary use with you?',
  'language.button.zh': '中文',
  'language.button.en': 'English',
  'language.done': 'Switched to English.',
  'card.processing': 'Working on it…',
  'card.done': 'Done.',
  'card.failed': 'That did not work. Please try again later.',
  'error.record': 'No matching record was found, or the record is incomplete.',
  'error.access': "This request can't be carried out under the company's data access rules.",
  'error.crypto': 'This data can no longer be read (it may have been erased under the retention policy).',
  'error.contact': "This contact request can't be handled right now.",
  'error.offboarding': "The current offboarding state doesn't allow this.",
  'error.consent': 'No matching consent record was found.',
  'error.input': 'The input is incomplete or not in the expected format.',
};
