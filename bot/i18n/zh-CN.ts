/**
 * The source catalog. Every other locale must have every key (en.ts is type-checked against
 * this one). Placeholders are named: `{name}`. Markdown is DingTalk's subset.
 */
export const zhCN = {
  'help.title': 'Boundary HR 助手',
  'help.body':
    '### 我能帮你做什么\n' +
    '- **我的信息**：查看你的基本档案（姓名、部门、职位、工作联系方式、状态）\n' +
    '- **谁看过我的信息**：查看谁因为什么目的查看过你的档案\n' +
    '- **语言** / language：切换中文或英文\n' +
    '- **帮助**：再看一次这份说明\n\n' +
    '个人和敏感信息（电话、地址、紧急联系人等）从不在聊天里显示，请在工作台打开 Boundary 小程序查看：{miniappUrl}',
  'help.unknown': '我没有理解这句话，下面是我能做的事情。',
  'common.not_registered': '你的钉钉账号还没有关联到员工档案，请联系 HR。在此之前你可以输入“帮助”了解我能做什么。',
  'common.not_allowed': '这个操作需要 HR 管理员权限。',
  'common.none': '—',
  'common.error': '处理时出了点问题，请稍后再试。如果一直失败，请联系 HR。',
  'profile.title': '我的信息',
  'profile.body':
    '### {name}\n' +
    '- 工号：{employeeNo}\n' +
    '- 部门：{department}\n' +
    '- 职位：{title}\n' +
    '- 工作邮箱：{workEmail}\n' +
    '- 工作电话：{workPhone}\n' +
    '- 状态：{status}\n\n' +
    '个人和敏感信息不在聊天中显示，请在 Boundary 小程序中查看：{miniappUrl}',
  'profile.status.active': '在职',
  'profile.status.pending_departure': '离职办理中',
  'profile.status.departed': '已离职',
  'who_viewed.title': '谁看过我的信息',
  'who_viewed.empty': '最近没有人查看过你的个人信息。',
  'who_viewed.header': '### 最近 {count} 条查看记录',
  'who_viewed.line': '- {when}：{who} — {fields}（目的：{purpose}，结果：{outcome}）',
  'who_viewed.footer': '完整记录请在 Boundary 小程序中查看：{miniappUrl}',
  'who_viewed.outcome.allowed': '已允许',
  'who_viewed.outcome.denied': '已拒绝',
  'who_viewed.outcome.pending': '待审批',
  'who_viewed.outcome.recorded': '已记录',
  'language.title': '选择语言',
  'language.body': '请选择 Boundary 和你对话时使用的语言。',
  'language.button.zh': '中文',
  'language.button.en': 'English',
  'language.done': '已切换为中文。',
  'card.processing': '处理中，请稍候…',
  'card.done': '已完成。',
  'card.failed': '这个操作没有成功，请稍后再试。',
  'error.record': '没有找到相关档案，或档案信息有误。',
  'error.access': '根据公司的数据访问规则，这个请求不能被执行。',
  'error.crypto': '这份数据已无法读取（可能已按保留期限删除）。',
  'error.contact': '这个联系请求现在无法处理。',
  'error.offboarding': '当前的离职状态不允许这个操作。',
  'error.consent': '没有找到相关的同意记录。',
  'error.input': '输入的信息不完整或格式不正确。',
} as const;

export type MessageKey = keyof typeof zhCN;
