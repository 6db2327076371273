import { describe, expect, it } from 'vitest';
import { classifyJustification, normaliseJustification, type RefusalCategory } from '../../../core/access/justification-classifier.js';

type Expected = 'ok' | RefusalCategory;

/** Each phrasing with the verdict we decided on for it. zh and en, mixed, including the seed's. */
const CORPUS: readonly (readonly [string, Expected])[] = [
  // --- debt collection (the seed's story and its variants) ---
  ['私人债务求助', 'debt_collection'],
  ['他欠我钱', 'debt_collection'],
  ['他欠我钱，联系不上了', 'debt_collection'],
  ['he borrowed 5000 and won\'t pay back', 'debt_collection'],
  ['He owes me money', 'debt_collection'],
  ['he owes me 4000 yuan', 'debt_collection'],
  ['张伟借了我5000块，只还了1000', 'debt_collection'],
  ['前同事借钱不还，想找他父母', 'debt_collection'],
  ['需要联系家属催债', 'debt_collection'],
  ['讨债', 'debt_collection'],
  ['帮我要债', 'debt_collection'],
  ['追债用', 'debt_collection'],
  ['他还欠款没结清', 'debt_collection'],
  ['员工受伤了，顺便问问他欠我的钱', 'debt_collection'],
  ['紧急！他欠 我 钱', 'debt_collection'],
  ['欠\u200b钱不还', 'debt_collection'],
  ['ＨＥ ＯＷＥＳ ＭＥ ＭＯＮＥＹ', 'debt_collection'],
  ['I lent him 2000 rmb last year', 'debt_collection'],
  ['need to collect the money he took', 'debt_collection'],
  ['personal loan he never repaid', 'debt_collection'],
  ['there is an outstanding debt between us', 'debt_collection'],
  ['Emergency: he refuses to pay me back', 'debt_collection'],
  ['he didn\'t pay the rent he owed', 'debt_collection'],
  ['I have an IOU signed by him', 'debt_collection'],
  ['他写了欠条', 'debt_collection'],
  ['钱一直拖着不还', 'debt_collection'],
  ['债务纠纷', 'debt_collection'],
  // --- private disputes ---
  ['私人纠纷', 'private_dispute'],
  ['和他有私人纠纷需要处理', 'private_dispute'],
  ['我们吵架了，我想找他家人', 'private_dispute'],
  ['我要找他算账', 'private_dispute'],
  ['他是我前男友，我要联系他', 'private_dispute'],
  ['这是私事', 'private_dispute'],
  ['a private matter between us', 'private_dispute'],
  ['we had a quarrel at the party', 'private_dispute'],
  ['personal dispute with a former colleague', 'private_dispute'],
  ['I want revenge', 'private_dispute'],
  ['trying to reach my ex-girlfriend', 'private_dispute'],
  ['和他闹矛盾了', 'private_dispute'],
  // --- marketing ---
  ['推销保险', 'marketing'],
  ['想给他发广告', 'marketing'],
  ['营销活动需要客户电话', 'marketing'],
  ['卖保险给他家人', 'marketing'],
  ['促销活动通知', 'marketing'],
  ['marketing campaign', 'marketing'],
  ['add him to our newsletter', 'marketing'],
  ['I want to sell him an insurance policy', 'marketing'],
  ['advertising our new product', 'marketing'],
  ['sales pitch for my side business', 'marketing'],
  // --- curiosity ---
  ['好奇', 'curiosity'],
  ['就是好奇他现在住哪', 'curiosity'],
  ['随便看看', 'curiosity'],
  ['八卦一下', 'curiosity'],
  ['我想知道他的工资', 'curiosity'],
  ['just curious', 'curiosity'],
  ['Just wondering where he lives now', 'curiosity'],
  ['out of interest, what is her salary', 'curiosity'],
  ['office gossip', 'curiosity'],
  ['nosy colleague question', 'curiosity'],
  // --- missing (empty, too short, or a placeholder) ---
  ['', 'missing'],
  ['   ', 'missing'],
  ['急', 'missing'],
  ['紧急', 'missing'],
  ['abc', 'missing'],
  ['...!!', 'missing'],
  ['n/a', 'missing'],
  ['none', 'missing'],
  ['测试', 'missing'],
  ['test', 'missing'],
  // --- legitimate texts that must pass (no false positives) ---
  ['员工在工地受伤，需要联系家属', 'ok'],
  ['payroll correction for March', 'ok'],
  ['社保基数调整', 'ok'],
  ['court order 2024-123 requires disclosure', 'ok'],
  ['employee missing since Monday, family must be informed', 'ok'],
  ['员工突发心脏病送医，需通知紧急联系人', 'ok'],
  ['员工连续三天失联，按应急预案联系家属', 'ok'],
  ['劳动纠纷仲裁需要提交合同材料', 'ok'],
  ['labour dispute arbitration requests the contract', 'ok'],
  ['公积金贷款还款证明需要身份证号', 'ok'],
  ['housing fund loan verification requires ID number', 'ok'],
  ['市场营销部员工出车祸，需要联系家属', 'ok'],
  ['employee from the marketing department was injured on site', 'ok'],
  ['final salary owed to him must be transferred to his bank account', 'ok'],
  ['公司代缴欠薪，需要银行账号', 'ok'],
  ['家属想知道员工被送到哪家医院', 'ok'],
  ['借了公司的笔记本电脑需要寄送归还通知', 'ok'],
  ['he borrowed a company laptop; sending the return notice to his home address', 'ok'],
  ['劳动合同到期续签，寄送文书', 'ok'],
  ['个税汇算需要核对身份证号', 'ok'],
  ['工资卡变更，核对银行账号', 'ok'],
  ['Social insurance registration for new hire', 'ok'],
  ['arbitration commission notice (2024)京劳仲字第123号', 'ok'],
  ['结算账户信息核对', 'ok'],
  ['合同信息前后矛盾，需要核对原件', 'ok'],
  ['Earthquake in the area, checking staff are safe', 'ok'],
  ['tax bureau audit requires payroll records', 'ok'],
  ['police request under case no. 2026-0415', 'ok'],
  ['medical emergency in the office, ambulance called', 'ok'],
  ['sending the employment certificate to his home address', 'ok'],
];

describe('the justification classifier', () => {
  it('is tested on at least 80 phrasings in both languages', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(80);
    expect(CORPUS.filter(([t]) => /[\u4e00-\u9fff]/.test(t)).length).toBeGreaterThanOrEqual(30);
    expect(CORPUS.filter(([t]) => /^[\x20-\x7e]+$/.test(t)).length).toBeGreaterThanOrEqual(30);
    expect(new Set(CORPUS.map(([t]) => t)).size).toBe(CORPUS.length);
  });

  it.each(CORPUS)('"%s" → %s', (text, expected) => {
    const verdict = classifyJustification(text);
    expect(verdict.verdict === 'ok' ? 'ok' : verdict.category).toBe(expected);
  });

  it('gives the same verdict for the same text every time', () => {
    for (const [text] of CORPUS) expect(classifyJustification(text)).toEqual(classifyJustification(text));
  });

  it('treats a missing justification as missing', () => {
    expect(classifyJustification(null)).toEqual({ verdict: 'refuse', category: 'missing' });
    expect(classifyJustification(undefined)).toEqual({ verdict: 'refuse', category: 'missing' });
  });

  it('normalises full-width forms, case, zero-width characters and spaces', () => {
    expect(normaliseJustification('  ＯＷＥＳ\u3000ＭＥ\u200b  money ')).toBe('owes me money');
  });
});
