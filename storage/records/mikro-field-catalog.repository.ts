import { DEFAULT_CATALOG } from '../../core/records/default-catalog.js';
import type { FieldCatalog } from '../../core/records/field-catalog.js';
import type { FieldCatalogStore } from '../../core/records/records.ports.js';
import { iso, strOrNull, type Row, type Sql } from './sql.js';

type Document = Omit<FieldCatalog, 'version' | 'updatedBy' | 'updatedAt'>;

const toCatalog = (r: Row): FieldCatalog => ({
  ...(JSON.parse(String(r.document)) as Document),
  version: Number(r.version),
  updatedBy: strOrNull(r.updated_by),
  updatedAt: iso(r.updated_at),
});

/** Every edit is a new row; the newest is in force. With none stored, the defaults (version 1) are. */
export class MikroFieldCatalogStore implements FieldCatalogStore {
  constructor(private readonly sql: Sql) {}

  async current(): Promise<FieldCatalog> {
    const row = await this.sql.get('select * from catalog_versions order by version desc limit 1');
    return row ? toCatalog(row) : DEFAULT_CATALOG;
  }

  async publish(next: Omit<FieldCatalog, 'version'>, by: string, at: Date): Promise<FieldCatalog> {
    const version = (await this.current()).version + 1;
    const { updatedBy: _by, updatedAt: _at, ...document } = next;
    // The primary key on version makes two concurrent publishes conflict instead of both winning.
    await this.sql.run('insert into catalog_versions (version, document, updated_by, updated_at) values (?, ?, ?, ?)', [
      version,
      JSON.stringify(document),
      by,
      at.toISOString(),
    ]);
    return { ...document, version, updatedBy: by, updatedAt: at.toISOString() };
  }

  async history(): Promise<FieldCatalog[]> {
    const rows = await this.sql.all('select * from catalog_versions order by version desc');
    const stored = rows.map(toCatalog);
    return stored.some((c) => c.version === DEFAULT_CATALOG.version) ? stored : [...stored, DEFAULT_CATALOG];
  }
}
