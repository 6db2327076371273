import { requiresEmployee, text, type CommandListener } from '../dispatcher/bot-context.js';
import { matcher } from '../dispatcher/matchers.js';

const matches = matcher(
  ['my profile', 'profile', 'me', 'my info', 'my record', '我的信息', '我的资料', '我的档案', '个人信息', '我是谁'],
  [/^(查看|看看|显示|查一下)?(一下)?我的(基本)?(信息|资料|档案)/u, /^(show|see|view|what is|what's) (me )?my (profile|record|info|details)/],
);

/** Basic, non-personal fields of the sender's own record; personal values stay in the mini-app. */
export const myProfileCommand: CommandListener = {
  id: 'my-profile',
  guard: requiresEmployee,
  matches,
  async handle(ctx) {
    const me = ctx.sender!;
    const department = await ctx.uow.departments.get(me.departmentId);
    return [
      text('profile.title', {
        key: 'profile.body',
        params: {
          name: me.name,
          employeeNo: me.employeeNo,
          department: department?.path ?? null,
          title: me.title || null,
          workEmail: me.workEmail,
          workPhone: me.workPhone,
          miniappUrl: ctx.settings.miniappUrl,
        },
        refs: { status: `profile.status.${me.status}` },
      }),
    ];
  },
};
