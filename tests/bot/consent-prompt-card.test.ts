import { describe, expect, it } from 'vitest';
import { promptCardData, promptOutTrackId, promptVersionOf } from '../../core/consent/consent-prompt.js';
import { renderCard } from '../../bot/cards/card-renderer.js';

const notice = { version: 2, text: { 'zh-CN': '隐私声明第二版', en: 'Privacy notice v2 ' + 'x'.repeat(300) }, publishedAt: '2026-07-01T02:00:00.000Z', publishedBy: 'e-hr' };

describe('the consent prompt card', () => {
  it('shows the notice in the reader’s language, a summary note when cut, and grant/decline per purpose', () => {
    const data = promptCardData(notice, []);
    const en = renderCard('consent_prompt', data, 'en');
    expect(en.title).toBe('Please read the privacy notice and choose your consents');
    expect(en.markdown).toContain('Privacy notice, version 2');
    expect(en.markdown).toContain('the full text is on the Privacy page');
    expect(en.markdown).toContain('Show my birthday to my team: **not chosen yet**');
    const buttons = JSON.parse(en.buttons!) as Array<{ id: string; label: string; params: Record<string, string> }>;
    expect(buttons).toHaveLength(6);
    expect(buttons[4]).toEqual({ id: 'consent_answer', label: 'Give consent · Show my birthday to my team', params: { purpose: 'birthday_greetings', granted: 'yes', step: '0' } });
    const zh = renderCard('consent_prompt', data, 'zh-CN');
    expect(zh.title).toBe('请阅读隐私声明并选择同意项');
    expect(zh.markdown).toContain('隐私声明第二版');
    expect(zh.markdown).not.toContain('Privacy notice v2');
  });

  it('redraws answers with new button parameters, so pressing the same button again is a new press', () => {
    const answered = promptCardData(notice, [
      { id: 'r1', employeeId: 'e', purpose: 'birthday_greetings', granted: true, noticeVersion: 2, at: notice.publishedAt, channel: 'bot', actorId: 'e' },
    ]);
    const card = renderCard('consent_prompt', answered, 'zh-CN');
    expect(card.markdown).toContain('向团队显示我的生日: **已同意**');
    expect(card.markdown).toContain('转达前同事的联系请求: **尚未选择**');
    expect((JSON.parse(card.buttons!) as Array<{ params: { step: string } }>).every((b) => b.params.step === '1')).toBe(true);
  });

  it('a superseded card says which version replaced it and has no buttons', () => {
    const card = renderCard('consent_prompt', { noticeVersion: 2, supersededBy: 3 }, 'en');
    expect(card.markdown).toContain('Version 2 of the privacy notice was replaced by version 3');
    expect(JSON.parse(card.buttons!)).toEqual([]);
  });

  it('keeps every card value within DingTalk’s 1 KB, however long the notice', () => {
    const long = { ...notice, version: 123, text: { 'zh-CN': '很'.repeat(5000), en: 'word '.repeat(2000) } };
    for (const locale of ['zh-CN', 'en'] as const) {
      const card = renderCard('consent_prompt', promptCardData(long, []), locale);
      for (const [key, value] of Object.entries(card)) expect(Buffer.byteLength(value), `${locale} ${key}`).toBeLessThanOrEqual(1024);
    }
  });

  it('reads the notice version from the person’s own prompt card only', () => {
    expect(promptVersionOf(promptOutTrackId('e-li', 2), 'e-li')).toBe(2);
    expect(promptVersionOf(promptOutTrackId('e-li', 2), 'e-hr')).toBeNull();
    expect(promptVersionOf('consent-prompt-e-li-v0', 'e-li')).toBeNull();
    expect(promptVersionOf('consent-prompt-e-li-v2x', 'e-li')).toBeNull();
    expect(promptVersionOf('offboarding-1-card', 'e-li')).toBeNull();
  });
});
