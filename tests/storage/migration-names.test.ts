import { describe, expect, it } from 'vitest';
import { MIGRATION_NAMES } from '../../storage/migrations/names.js';
import { POSTGRES_MIGRATIONS } from '../../storage/migrations/postgresql/index.js';
import { SQLITE_MIGRATIONS } from '../../storage/migrations/sqlite/index.js';

/** A start decides "nothing pending" from MIGRATION_NAMES alone, so it must name every migration of both dialects. */
describe('migration names', () => {
  it('list every migration of both dialects, in order', () => {
    expect(SQLITE_MIGRATIONS.map((m) => m.name)).toEqual(MIGRATION_NAMES);
    expect(POSTGRES_MIGRATIONS.map((m) => m.name)).toEqual(MIGRATION_NAMES);
  });
});
