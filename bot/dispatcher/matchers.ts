/** Lower-cases and strips the punctuation people add around a command ("帮助！", "help?"). */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^[\s@/]+/, '')
    .replace(/[\s。．.!！?？~～,，、]+$/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Exact keywords or natural phrasings (regular expressions on the normalised text). */
export function matcher(keywords: readonly string[], phrasings: readonly RegExp[] = []): (text: string) => boolean {
  const exact = new Set(keywords.map(normalise));
  return (text) => {
    const t = normalise(text);
    return exact.has(t) || phrasings.some((re) => re.test(t));
  };
}
