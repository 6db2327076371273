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
    '- **我想联系已离职的某某**：把你的留言转给前同事，由 Ta 决定是否回复（不会给你 Ta 的个人信息）\n' +
    '- **我的请求**：查看联系请求的进展；HR 可输入 **待处理** 审核\n' +
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
  'contact.title': '联系前同事',
  'contact.ask_name': '请告诉我你想联系的前同事的名字，例如：“我想联系已离职的张伟”。',
  'contact.none_found': '没有找到名叫“{name}”、且与你在职时间有重叠的前同事。我们只能转达给与你共事过的人。',
  'contact.pick.body': '有几位前同事符合“{name}”，请选择你要联系的是哪一位（只显示姓名、原部门和离职月份）：',
  'contact.pick.item': '{name} · {department} · {month} 离职',
  'contact.reason.body': '你想联系 **{name}**（{department}，{month} 离职）。我们不会把 Ta 的任何个人信息给你，而是把你的留言转给 Ta，由 Ta 决定是否回复或分享联系方式。\n\n请选择联系原因：',
  'contact.reason.belongings': '物品归还',
  'contact.reason.work_handover': '工作交接问题',
  'contact.reason.personal_matter': '私人事务',
  'contact.reason.money_owed': '欠款',
  'contact.reason.other': '其他',
  'contact.ask_message': '已选择：{reason}。请直接回复一句要转达给 {name} 的话（不超过 300 字）。',
  'contact.confirm.body': '请确认联系请求：\n- 联系对象：**{name}**\n- 原因：{reason}\n- 留言：{message}\n\n{review}提交后 Ta 会收到邮件，可以选择分享一个联系方式、只回复留言、拒绝或屏蔽。有结果时我会通知你。',
  'contact.confirm.review': '这类原因需要 HR 先审核。',
  'contact.button.submit': '提交请求',
  'contact.button.discard': '放弃',
  'contact.button.cancel': '撤回',
  'contact.button.approve': '批准',
  'contact.button.reject': '取消请求',
  'contact.status.picked': '已选择。',
  'contact.status.submitted': '已提交。',
  'contact.status.discarded': '已放弃。',
  'contact.status.cancelled': '已撤回。',
  'contact.status.expired_draft': '这次联系已超时，请重新开始。',
  'contact.filed.review': '联系请求已提交，HR 审核后会转达给 {name}。有结果时我会通知你。',
  'contact.filed.sent': '联系请求已提交。有结果时我会通知你。',
  'contact.lawful_route': '关于欠款：请保留好聊天记录、转账凭证等证据；可以先协商或申请人民调解，也可以依法向法院提起民事诉讼。以上只是常见途径，不构成法律意见。',
  'contact.error.not_eligible': '只能联系与你在职时间有重叠的前同事。',
  'contact.error.already_open': '你已经有一个联系 Ta 的请求正在进行中。',
  'contact.error.too_many_open': '你同时进行中的联系请求已达上限，请等已有请求结束后再试。',
  'contact.error.cooldown': '你最近联系过 Ta，请过一段时间再试。',
  'contact.error.rate_limited': '查询太频繁了，请稍后再试。',
  'contact.error.invalid': '这个联系请求现在无法处理（可能已经结束）。',
  'contact.mine.title': '我的联系请求',
  'contact.mine.empty': '你还没有联系请求。想联系前同事时，告诉我“我想联系已离职的某某”即可。',
  'contact.mine.line': '- {name}（{reason}）：{status}',
  'contact.mine.shared': '  Ta 分享的{channel}：{value}',
  'contact.mine.reply': '  Ta 的回复：{message}',
  'contact.mine.status.submitted': '已提交',
  'contact.mine.status.hr_review': 'HR 审核中',
  'contact.mine.status.awaiting_consent': '等待对方答复',
  'contact.mine.status.granted': '对方分享了联系方式',
  'contact.mine.status.replied': '对方回复了留言',
  'contact.mine.status.cancelled': '已撤回',
  'contact.mine.status.closed': '未能建立联系',
  'contact.channel.phone': '电话',
  'contact.channel.email': '邮箱',
  'contact.channel.wechat': '微信',
  'contact.data_ask.title': '无法提供个人信息',
  'contact.data_ask.body': '我不能提供 {name} 的个人信息。{why}这次查询已按规定记录。',
  'contact.data_ask.why.emergency': '紧急联系人是第三方（Ta 的家人）的个人信息，只能在事故、急病或失联等紧急情况下使用；私人事务（包括欠款）不属于可以查看的目的。',
  'contact.data_ask.why.other': '私人事务（包括欠款）不属于可以查看个人信息的目的，而且这些信息只有本人同意才能转交他人。',
  'contact.data_ask.offer': '我可以帮你把留言转给 {name}，由 Ta 决定是否回复或分享联系方式。要这样做吗？',
  'contact.data_ask.offer_generic': '如果 Ta 是与你共事过的前同事，你可以说“我想联系已离职的某某”，由我把你的留言转给 Ta。',
  'contact.button.file_instead': '改为提交联系请求',
  'contact.queue.title': '待处理的联系请求',
  'contact.queue.empty': '目前没有等待 HR 审核的联系请求。',
  'contact.queue.header': '共有 {count} 个联系请求等待审核：',
  'contact.review.title': '联系请求待审核',
  'contact.review.body': '**{requester}**（{department}）想联系前同事 **{target}**。\n- 原因：{reason}\n- 留言：{message}\n\n批准后会按 Ta 离职时选择的方式询问 Ta 是否同意。',
  'contact.review.approved': '已批准，已转达。',
  'contact.review.cancelled': '已取消，已告知申请人。',
  'contact.review.ask_note': '请回复一句取消说明，我会转告申请人。',
  'contact.outcome.granted.title': '{targetName} 回复了你的联系请求',
  'contact.outcome.granted.body': '{targetName} 同意与你联系，并分享了{channel}：{value}\n\n请只用于你说明的事由。',
  'contact.outcome.replied.title': '{targetName} 回复了你的联系请求',
  'contact.outcome.replied.body': '{targetName} 给你留言：\n\n{message}',
  'contact.outcome.neutral.title': '联系请求已结束',
  'contact.outcome.neutral.body': '你联系 {targetName} 的请求已结束，这次未能建立联系。我们不会透露具体原因。',
  'contact.outcome.cancelled.title': '联系请求已被 HR 取消',
  'contact.outcome.cancelled.body': 'HR 取消了你联系 {targetName} 的请求。说明：{note}',
  'contact.mail.request.title': '前同事 {requesterName} 想联系你',
  'contact.mail.request.body':
    '你好，\n\n你的前同事 {requesterName}（{requesterDepartment}）通过 Boundary HR 想联系你。\n原因：{reason}\n留言：{message}\n\n' +
    '我们没有把你的任何联系方式告诉 Ta。你可以在下面的页面选择：分享一个你愿意提供的联系方式、只回复留言、拒绝，或屏蔽此人。链接 {days} 天内有效，只能使用一次：\n{answerUrl}\n\n' +
    '更改接收这类请求的邮箱，或不再接收任何转达请求：\n{settingsUrl}\n\n— Boundary HR（请勿直接回复此邮件）',
} as const;

export type MessageKey = keyof typeof zhCN;
