/**
 * How a keyword becomes an index lookup. Trigram indexes (FTS5 `trigram`, pg_trgm) need at
 * least three characters, so 1–2 character keywords (欠钱) use a second index of "short
 * grams": every single character and every adjacent pair of a justification. Matching is
 * case-insensitive for ASCII; every index hit is rechecked against the text itself.
 */
export type KeywordPlan =
  | { readonly index: 'trigram'; readonly needle: string; readonly trigrams: readonly string[] }
  | { readonly index: 'short'; readonly needle: string; readonly gram: string };

const asciiLower = (s: string): string => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

export function keywordPlan(keyword: string): KeywordPlan | null {
  const needle = asciiLower(keyword.trim());
  const chars = Array.from(needle);
  if (chars.length === 0) return null;
  if (chars.length <= 2) return { index: 'short', needle, gram: needle };
  const trigrams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) trigrams.add(chars.slice(i, i + 3).join(''));
  return { index: 'trigram', needle, trigrams: [...trigrams] };
}

/** Every character and adjacent pair of the text, ASCII-lowercased, de-duplicated. */
export function shortGrams(text: string): string[] {
  const chars = Array.from(asciiLower(text));
  const grams = new Set<string>(chars);
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  return [...grams];
}

/** FTS5 `ascii` tokens must be alphanumeric: grams are stored as hex of their UTF-8 bytes. */
export const gramToken = (gram: string): string => `g${Buffer.from(gram, 'utf8').toString('hex')}`;

/** LIKE pattern for a substring, with the wildcard characters escaped (escape char `\`). */
export const likeContains = (needle: string): string => `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** An FTS5 string literal (double quotes doubled). */
export const ftsString = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** A PostgreSQL text[] literal. */
export const pgTextArray = (items: readonly string[]): string =>
  `{${items.map((s) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
