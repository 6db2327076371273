/**
 * The demo company: ~30 people in 研发部 (平台组, 移动组), 市场部, 人力资源部 and 财务部.
 * Li (李娜) is active in 研发部/平台组; Zhang (张伟) left the same team six months ago.
 * `hiredDaysAgo` / `leftDaysAgo` are relative to the seed's "now", so the story stays current.
 */
export interface DemoPerson {
  readonly no: string;
  readonly name: string;
  readonly userId: string;
  readonly department: string;
  readonly manager: string | null;
  readonly title: string;
  readonly roles: readonly string[];
  readonly hiredDaysAgo: number;
  readonly leftDaysAgo?: number;
  readonly relay?: { readonly email: string };
  readonly contacts?: readonly { readonly name: string; readonly relation: string; readonly phone: string }[];
}

const Y = 365;
const p = (
  no: string,
  name: string,
  userId: string,
  department: string,
  manager: string | null,
  title: string,
  roles: readonly string[],
  hiredDaysAgo: number,
  extra: Partial<DemoPerson> = {},
): DemoPerson => ({ no, name, userId, department, manager, title, roles, hiredDaysAgo, ...extra });

const E = ['employee'];
const HEAD = ['employee', 'dept_head'];

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  // 研发部
  p('BD001', '王强', 'user_wangqiang', '研发部', null, '研发总监', HEAD, 8 * Y),
  p('BD002', '刘洋', 'user_liuyang', '研发部/平台组', 'BD001', '平台组组长', HEAD, 6 * Y),
  p('BD003', '李娜', 'user_lina', '研发部/平台组', 'BD002', '高级工程师', E, 3 * Y),
  p('BD004', '张伟', 'user_zhangwei', '研发部/平台组', 'BD002', '工程师', E, 4 * Y, {
    leftDaysAgo: 182,
    relay: { email: 'zhangwei.personal@example.com' },
    contacts: [
      { name: '张建国', relation: '父亲', phone: '13800138001' },
      { name: '王秀兰', relation: '母亲', phone: '13800138002' },
    ],
  }),
  p('BD005', '黄磊', 'user_huanglei', '研发部/平台组', 'BD002', '工程师', E, 2 * Y),
  p('BD006', '周婷', 'user_zhouting', '研发部/平台组', 'BD002', '测试工程师', E, 1 * Y),
  p('BD007', '陈静', 'user_chenjing', '研发部/移动组', 'BD001', '移动组组长', HEAD, 5 * Y),
  p('BD008', '杨帆', 'user_yangfan', '研发部/移动组', 'BD007', 'iOS 工程师', E, 3 * Y),
  p('BD009', '林晓', 'user_linxiao', '研发部/移动组', 'BD007', 'Android 工程师', E, 2 * Y),
  p('BD010', '徐明', 'user_xuming', '研发部/移动组', 'BD007', '工程师', E, 120),
  p('BD011', '马超', 'user_machao', '研发部/平台组', 'BD002', '工程师', E, 5 * Y, { leftDaysAgo: 2 * Y }),
  p('BD012', '何雪', 'user_hexue', '研发部', 'BD001', '架构师', E, 7 * Y),
  // 市场部
  p('BD020', '赵敏', 'user_zhaomin', '市场部', null, '市场总监', HEAD, 6 * Y),
  p('BD021', '孙悦', 'user_sunyue', '市场部', 'BD020', '市场经理', E, 4 * Y),
  p('BD022', '朱琳', 'user_zhulin', '市场部', 'BD020', '品牌专员', E, 2 * Y),
  p('BD023', '郭涛', 'user_guotao', '市场部', 'BD020', '渠道经理', E, 3 * Y),
  p('BD024', '罗佳', 'user_luojia', '市场部', 'BD020', '内容运营', E, 1 * Y),
  p('BD025', '高远', 'user_gaoyuan', '市场部', 'BD020', '市场专员', E, 3 * Y, { leftDaysAgo: 300 }),
  // 人力资源部
  p('BD030', '孙丽', 'user_sunli', '人力资源部', null, '人力资源总监', ['employee', 'dept_head', 'hr_admin'], 9 * Y),
  p('BD031', '吴婷', 'user_wuting', '人力资源部', 'BD030', 'HRBP', ['employee', 'hr_admin'], 4 * Y),
  p('BD032', '许可', 'user_xuke', '人力资源部', 'BD030', '招聘专员', E, 2 * Y),
  p('BD033', '冯晨', 'user_fengchen', '人力资源部', 'BD030', '薪酬专员', E, 3 * Y),
  // 财务部
  p('BD040', '周杰', 'user_zhoujie', '财务部', null, '财务总监', HEAD, 7 * Y),
  p('BD041', '郑浩', 'user_zhenghao', '财务部', 'BD040', '内审专员', ['employee', 'auditor'], 5 * Y),
  p('BD042', '韩梅', 'user_hanmei', '财务部', 'BD040', '会计', E, 4 * Y),
  p('BD043', '唐宁', 'user_tangning', '财务部', 'BD040', '出纳', E, 2 * Y),
  p('BD044', '曹阳', 'user_caoyang', '财务部', 'BD040', '财务分析师', E, 1 * Y),
  p('BD045', '邓辉', 'user_denghui', '财务部', 'BD040', '会计', E, 6 * Y, { leftDaysAgo: 3 * Y }),
  p('BD046', '彭飞', 'user_pengfei', '研发部/移动组', 'BD007', '工程师', E, 3 * Y, { leftDaysAgo: 90 }),
  p('BD047', '蒋欣', 'user_jiangxin', '研发部/平台组', 'BD002', '运维工程师', E, 2 * Y),
];
