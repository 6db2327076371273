import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMessageKey } from '../../bot/i18n/translator.js';
import { ROOT } from '../support/server-process.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

/** Every notification template core names must be in the bot's catalogs, or it dies as a dead letter. */
describe('notification templates', () => {
  const literal = /template:\s*'([a-z_.]+)'/g;
  const dynamic = /template:\s*`([a-z_.]+)\$\{[^}]+\}`/g;
  const templates = new Set<string>();
  let dynamicPrefixes = 0;
  for (const file of walk(join(ROOT, 'core')).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(literal)) templates.add(m[1]!);
    for (const m of text.matchAll(dynamic)) {
      dynamicPrefixes += 1;
      // correction.${outcome}: the outcomes a correction can have.
      for (const outcome of ['applied', 'declined']) templates.add(`${m[1]}${outcome}`);
    }
  }

  it('finds the templates core sends', () => {
    expect(templates.size).toBeGreaterThan(8);
    expect(dynamicPrefixes).toBeGreaterThan(0);
  });

  it('has a title and a body for each (zh-CN is the source; en is type-checked to match)', () => {
    const missing = [...templates].filter((t) => !isMessageKey(`${t}.title`) || !isMessageKey(`${t}.body`));
    expect(missing).toEqual([]);
  });
});
