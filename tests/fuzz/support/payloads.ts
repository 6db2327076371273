import fc from 'fast-check';

/** Fixed seed and bounded runs by default; BOUNDARY_LONG_TESTS=1 runs many more. */
export const LONG = process.env.BOUNDARY_LONG_TESTS === '1';
export const SEED = Number(process.env.FUZZ_SEED ?? 20_260_615);
export const runs = (short: number, long = short * 10) => ({ seed: SEED, numRuns: LONG ? long : short, endOnFailure: true });

const SQL = [
  "' OR 1=1 --",
  "'; drop table employees; --",
  '" or ""="',
  "1); delete from access_log; --",
  "%' union select ciphertext from field_values --",
  "x' and (select count(*) from data_keys) > 0 --",
];
const MARKUP = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert('x')", '{{7*7}}', '${7*7}', '<!--', ']]>', '<svg/onload=alert(1)>'];
const ODD = ['\u0000', '\ud800', '\uffff', '\u202e', 'e\u0301', '𝕏'.repeat(50), '../../etc/passwd', '%00', '%0d%0aSet-Cookie: a=b', 'NaN', '-1', '1e309', '0x7fffffff', '', ' ', '他欠我钱'];

/** Short hostile strings: SQL and markup payloads, odd code points, plus random text. */
export const hostileString = fc.oneof(
  fc.constantFrom(...SQL, ...MARKUP, ...ODD),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 500, maxLength: 3000 }),
);

/** A value of any JSON-ish type, for fields that expect one particular type. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 5 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 4 }),
);

/** Field names the API and the receivers read, so wrong types reach their validators. */
const KNOWN_KEYS = [
  'fields', 'purpose', 'justification', 'reference', 'approvalId', 'roles', 'employeeId', 'code', 'decision', 'outcome', 'on',
  'note', 'catalog', 'baseVersion', 'csrf', 'kind', 'channel', 'value', 'message', 'lang', 'relay', 'email', 'userId', 'text',
  'outTrackId', 'actionId', 'params', 'msgId', 'content', 'type', 'corpId', 'senderStaffId', 'sessionWebhook',
];

export interface FuzzBody {
  readonly contentType: string | undefined;
  readonly bytes: Buffer;
  readonly label: string;
}

const asJson = (v: unknown, label: string, contentType = 'application/json'): FuzzBody => ({ contentType, bytes: Buffer.from(JSON.stringify(v) ?? 'null'), label });

/** Malformed bodies, wrong types, huge strings, invalid UTF-8, deep JSON, SQL/markup payloads. */
export const fuzzBody: fc.Arbitrary<FuzzBody> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => asJson(v, 'json')),
  fc.dictionary(fc.constantFrom(...KNOWN_KEYS), wrongValue, { maxKeys: 6 }).map((v) => asJson(v, 'wrong types')),
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => ({ contentType: 'application/json', bytes: Buffer.concat([Buffer.from('{"a":"'), Buffer.from(b), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]), label: 'invalid utf-8' })),
  fc.integer({ min: 200, max: 20_000 }).map((d) => ({ contentType: 'application/json', bytes: Buffer.from('['.repeat(d) + ']'.repeat(d)), label: `depth ${d}` })),
  fc.integer({ min: 200, max: 20_000 }).map((d) => ({ contentType: 'application/json', bytes: Buffer.from('{"a":'.repeat(d) + '1' + '}'.repeat(d)), label: `object depth ${d}` })),
  fc.integer({ min: 260_000, max: 600_000 }).map((n) => asJson({ justification: 'x'.repeat(n) }, 'huge')),
  fc.string({ maxLength: 200 }).map((s) => ({ contentType: 'application/json', bytes: Buffer.from(`{"fields": [${s}`), label: 'truncated json' })),
  fc.dictionary(fc.constantFrom(...KNOWN_KEYS), hostileString, { maxKeys: 5 }).map((v) => ({
    contentType: 'application/x-www-form-urlencoded',
    bytes: Buffer.from(new URLSearchParams(v as Record<string, string>).toString()),
    label: 'form',
  })),
  fc.tuple(fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'garbage/*;;'), hostileString).map(([contentType, s]) => ({
    contentType,
    bytes: Buffer.from(s),
    label: `as ${contentType}`,
  })),
  fc.constant({ contentType: undefined, bytes: Buffer.alloc(0), label: 'empty' }),
);

/** A path parameter an attacker might send. */
export const fuzzParam = fc.oneof(fc.uuid(), hostileString.filter((s) => s.length > 0), fc.integer().map(String));

/** A query string of hostile keys and values. */
export const fuzzQuery = fc.dictionary(fc.constantFrom('q', 'limit', 'after', 'before', 'status', 'format', 'weeks', 'keyword', 'from', 'to', 'lang', 'ms', 'userId', 'x'), hostileString, { maxKeys: 4 });

/** Fills `:param` segments of a route pattern. */
export function fillPath(pattern: string, param: string): string {
  return pattern.replace(/:[A-Za-z]+/g, encodeURIComponent(param));
}
