/**
 * A deterministic zh/en check of the free-text justification of a reveal. It refuses the reasons
 * that never open personal data (debts, private disputes, marketing, curiosity) even when an
 * allowed purpose code was picked. Keyword and small-rule lists, no model: the same text always
 * gets the same verdict, and the corpus test pins every rule.
 */
export type RefusalCategory = 'debt_collection' | 'private_dispute' | 'marketing' | 'curiosity' | 'missing';

export type JustificationVerdict = { readonly verdict: 'ok' } | { readonly verdict: 'refuse'; readonly category: RefusalCategory };

interface Rules {
  /** Matched against the text with all whitespace removed (Chinese has no word spaces). */
  readonly zh: readonly RegExp[];
  /** Matched against the text with whitespace collapsed to single spaces. */
  readonly en: readonly RegExp[];
}

/**
 * Legitimate phrases that contain a refused keyword. They are cut out before matching, so
 * "labour dispute arbitration" or "the marketing department" do not read as refusals.
 */
const NEUTRAL_ZH = [/劳动(纠纷|争议)/g, /(公积金|住房)贷款(还款)?/g, /广告部/g, /(市场)?营销部/g, /欠薪/g];
const NEUTRAL_EN = [
  /\b(labou?r|employment|workplace|wage|contract) disputes?/g,
  /\b(housing( provident)? fund|mortgage) loans?/g,
  /\b(marketing|advertising|sales) (department|team|dept)\b/g,
  /\b(wages?|salary|pay|compensation|severance|overtime) owed\b/g,
  /\bowed (wages?|salary|pay|compensation|severance|overtime)\b/g,
  /\blend a hand\b/g,
];

const re = (source: string): RegExp => new RegExp(source);
const MONEY_EN = String.raw`(money|cash|\d|yuan|rmb|bucks|dollars|¥|\$)`;

/** Checked in this order: a text about a debt dispute is a debt, not just a dispute. */
const CATEGORIES: readonly (readonly [Exclude<RefusalCategory, 'missing'>, Rules])[] = [
  [
    'debt_collection',
    {
      zh: [
        /欠(我|他|她|你|了)?(的)?钱/, /欠我/, /欠款/, /借钱/, /借(了|给)(我|他|她)?.{0,6}(钱|元|块|万|\d)/, /借款/, /还钱/,
        /不还/, /没还/, /还款/, /讨债/, /催债/, /要债/, /追债/, /债务/, /赖账/, /欠条/, /钱.{0,4}(不还|没还|拖着)/,
      ],
      en: [
        /\bowes? (me|us|him|her|them)\b/, /\bowed\b/, re(String.raw`\bborrow(ed|s|ing)?\b.{0,30}${MONEY_EN}`),
        re(String.raw`\blen[dt]\b.{0,30}${MONEY_EN}`), /\bloans?\b/, /\bdebts?\b/, /\bdebtor\b/, /\bpay (me |it |us )?back\b/,
        /\bpayback\b/, /\brepa(y|id|yment)\b/, /\b(won'?t|will not|didn'?t|did not|never|refuses? to) (pay|return)\b/,
        /\bcollect(ing|ion)?\b.{0,20}\b(money|debt|payment|cash|loan)\b/, /\bcollection agency\b/, /\biou\b/, /\bmy money\b/,
      ],
    },
  ],
  [
    'private_dispute',
    {
      zh: [/纠纷/, /吵架/, /(闹|有)矛盾/, /恩怨/, /报复/, /(找|跟|和)(他|她)算账/, /私事/, /私人事务/, /找(他|她)麻烦/, /前(男|女)友/],
      en: [
        /\bdisputes?\b/, /\bquarrel/, /\bargument with\b/, /\brevenge\b/, /\bget back at\b/, /\bsettle (a|the) score\b/,
        /\bgrudge\b/, /\b(personal|private) (matter|issue|business|affair)s?\b/, /\bex-?(boyfriend|girlfriend|husband|wife)\b/,
      ],
    },
  ],
  [
    'marketing',
    {
      zh: [/推销/, /营销/, /广告/, /促销/, /卖(保险|产品|东西|给)/, /拉客户/, /发传单/, /微商/],
      en: [
        /\bmarketing\b/, /\bpromotional\b/, /\bpromo\b/, /\bsales (pitch|lead|call)s?\b/, /\badverti[sz]/, /\bads\b/,
        /\bsell(ing|s)?\b/, /\bnewsletter/, /\bmailing list\b/, /\binsurance (agent|offer|product)/, /\bspam\b/,
      ],
    },
  ],
  [
    'curiosity',
    {
      zh: [/好奇/, /八卦/, /随便看看/, /看看而已/, /(我|就是|只是|就|纯粹)想知道/, /打听/, /闲着/, /无聊/, /就是想看/],
      en: [/\bcurio(us|sity)\b/, /\bjust wondering\b/, /\bi wonder\b/, /\bnosy\b/, /\bgossip/, /\bfor fun\b/, /\bout of interest\b/, /\bstalk/],
    },
  ],
];

/** Texts that say nothing, whatever their length. */
const PLACEHOLDERS = new Set(['none', 'n/a', 'test', 'testing', 'asdf', 'xxxx', '测试', '没有', '无', '不知道', 'nothing', 'null']);
const MIN_MEANINGFUL_CHARS = 4;

/** NFKC folds full-width forms to half-width; zero-width characters are dropped so they cannot split a keyword. */
export function normaliseJustification(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const stripAll = (s: string, patterns: readonly RegExp[]): string => patterns.reduce((acc, re) => acc.replace(re, ' '), s);

/** A refused reason wins over "too short": "讨债" says exactly why it is refused. */
export function classifyJustification(text: string | null | undefined): JustificationVerdict {
  const normal = normaliseJustification(text ?? '');
  const en = stripAll(normal, NEUTRAL_EN);
  const zh = stripAll(normal, NEUTRAL_ZH).replace(/\s+/g, '');
  for (const [category, rules] of CATEGORIES) {
    if (rules.zh.some((re) => re.test(zh)) || rules.en.some((re) => re.test(en))) return { verdict: 'refuse', category };
  }
  const meaningful = normal.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  if (meaningful < MIN_MEANINGFUL_CHARS || PLACEHOLDERS.has(normal.replace(/[.。!！?？]+$/u, ''))) {
    return { verdict: 'refuse', category: 'missing' };
  }
  return { verdict: 'ok' };
}
