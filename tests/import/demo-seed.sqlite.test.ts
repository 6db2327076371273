import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldByKey } from '../../core/records/field-catalog.js';
import { DAY_MS } from '../../core/shared/clock.port.js';
import { seedDemoCompany } from '../../scripts/seed/demo-company.js';
import { RecordsHarness } from '../storage/records/records-harness.js';

describe('demo company seed', () => {
  let h: RecordsHarness;
  beforeAll(async () => {
    h = await RecordsHarness.open('sqlite');
  });
  afterAll(async () => h?.close());

  it('seeds about thirty people in four departments with HR admins, an auditor and heads', async () => {
    expect(await seedDemoCompany(h.ctx)).toEqual({ seeded: true, employees: 30 });
    const { all, depts } = await h.run(async (r) => ({
      all: await r.employees.search({ limit: 100 }),
      depts: await r.departments.all(),
    }));
    expect(all).toHaveLength(30);
    expect(depts.map((d) => d.path)).toEqual(['人力资源部', '市场部', '研发部', '研发部/平台组', '研发部/移动组', '财务部']);
    expect(depts.every((d) => d.headEmployeeId !== null)).toBe(true);
    expect(all.filter((e) => e.roles.includes('hr_admin') && e.status === 'active')).toHaveLength(2);
    expect(all.filter((e) => e.roles.includes('auditor'))).toHaveLength(1);
  });

  it('has Li active in 研发部/平台组 and Zhang departed six months ago, with his parents as emergency contacts', async () => {
    const now = h.ctx.clock.now();
    const { li, zhang, platform, catalog } = await h.run(async (r) => ({
      li: (await r.employees.getByDingtalkUserId('user_lina'))!,
      zhang: (await r.employees.getByDingtalkUserId('user_zhangwei'))!,
      platform: (await r.departments.all()).find((d) => d.path === '研发部/平台组')!,
      catalog: await r.catalog.current(),
    }));
    expect(li).toMatchObject({ name: '李娜', status: 'active', departmentId: platform.id });
    expect(zhang).toMatchObject({ name: '张伟', status: 'departed', departmentId: platform.id });
    const leftDaysAgo = (now.getTime() - Date.parse(zhang.separation.departedAt!)) / DAY_MS;
    expect(leftDaysAgo).toBeGreaterThan(175);
    expect(leftDaysAgo).toBeLessThan(190);
    expect(zhang.separation).toMatchObject({ relayOptIn: true, postDepartureChannel: 'email', handoverStatus: 'confirmed', reasonCategory: 'career' });
    // Their tenures overlap: Li joined before Zhang left.
    expect(li.hireDate! < zhang.separation.lastDay!).toBe(true);

    const vault = await h.run((r) => r.vault.read(zhang.id, ['emergency_contacts', 'post_departure_email']));
    expect(vault.get('emergency_contacts')).toEqual({
      state: 'value',
      value: [
        { name: '张建国', relation: '父亲', phone: '13800138001' },
        { name: '王秀兰', relation: '母亲', phone: '13800138002' },
      ],
    });
    expect(vault.get('post_departure_email')).toEqual({ state: 'value', value: 'zhangwei.personal@example.com' });

    expect(catalog.version).toBe(2);
    expect(catalog.updatedBy).toBe('system');
    expect(fieldByKey(catalog, 'emergency_contacts')?.retention).toEqual({ kind: 'days_after_departure', days: 365 });
  });

  it('does nothing the second time', async () => {
    expect(await seedDemoCompany(h.ctx)).toEqual({ seeded: false, employees: 0 });
    expect(await h.run(async (r) => (await r.employees.search({ limit: 100 })).length)).toBe(30);
    expect((await h.run((r) => r.catalog.current())).version).toBe(2);
  });
});
