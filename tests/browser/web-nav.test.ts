import { describe, expect, it } from 'vitest';
import { activeKey, navItems, splitForTabBar } from '../../miniapp/web/src/layout/nav.js';
import { match } from '../../miniapp/web/src/router.js';
import { requestStatusKey } from '../../miniapp/web/src/pages/contact-status.js';

const keys = (roles: Parameters<typeof navItems>[0]) => navItems(roles).map((i) => i.key);

describe('role-aware navigation', () => {
  it('gives an employee Me, Requests and Privacy only', () => {
    expect(keys(['employee'])).toEqual(['me', 'requests', 'privacy']);
  });

  it('adds Team for a department head, the HR console for HR, Log and Charts for the auditor', () => {
    expect(keys(['employee', 'dept_head'])).toEqual(['team', 'me', 'requests', 'privacy']);
    expect(new Set(keys(['employee', 'hr_admin']))).toEqual(
      new Set(['me', 'requests', 'privacy', 'archive', 'library', 'queue', 'policy', 'outbox', 'notices']),
    );
    expect(new Set(keys(['employee', 'auditor']))).toEqual(new Set(['me', 'requests', 'privacy', 'log', 'charts']));
  });

  it('fits a phone tab bar: at most five tabs, Me always among them, the rest under More', () => {
    for (const roles of [['employee'], ['employee', 'hr_admin'], ['employee', 'hr_admin', 'auditor', 'dept_head']] as const) {
      const all = navItems(roles);
      const { tabs, more } = splitForTabBar(all);
      expect(tabs.length + (more.length ? 1 : 0)).toBeLessThanOrEqual(5);
      expect(tabs.map((t) => t.key)).toContain('me');
      expect([...tabs, ...more].map((i) => i.key).sort()).toEqual(all.map((i) => i.key).sort());
    }
  });

  it('marks the archive active on an employee page', () => {
    const items = navItems(['hr_admin']);
    expect(activeKey('/employees/abc', items)).toBe('archive');
    expect(activeKey('/audit/log', navItems(['auditor']))).toBe('log');
  });

  it('matches route patterns and decodes parameters', () => {
    expect(match('/employees/:id', '/employees/a%2Fb')).toEqual({ id: 'a/b' });
    expect(match('/employees/:id', '/employees')).toBeNull();
    expect(match('/me', '/me')).toEqual({});
  });
});

describe('contact request outcomes on the requester’s page', () => {
  it('read the same for declined, blocked, expired and undeliverable', () => {
    const neutral = ['declined', 'blocked', 'expired', 'undeliverable'].map(requestStatusKey);
    expect(new Set(neutral).size).toBe(1);
    expect(requestStatusKey('granted')).not.toBe(neutral[0]);
  });
});
