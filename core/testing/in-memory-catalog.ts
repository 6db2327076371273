import { DEFAULT_CATALOG } from '../records/default-catalog.js';
import type { FieldCatalog } from '../records/field-catalog.js';
import type { FieldCatalogStore } from '../records/records.ports.js';
import { clone, type Snapshottable } from './snapshottable.js';

/** Catalog versions in memory; `history()` lists newest first. */
export class InMemoryCatalog implements FieldCatalogStore, Snapshottable {
  private versions: FieldCatalog[];

  constructor(initial: FieldCatalog = DEFAULT_CATALOG) {
    this.versions = [clone(initial)];
  }

  async current(): Promise<FieldCatalog> {
    const latest = this.versions[this.versions.length - 1];
    if (!latest) throw new Error('catalog store is empty');
    return clone(latest);
  }

  async publish(next: Omit<FieldCatalog, 'version'>, by: string, at: Date): Promise<FieldCatalog> {
    const current = await this.current();
    const stored: FieldCatalog = { ...clone(next), version: current.version + 1, updatedBy: by, updatedAt: at.toISOString() };
    this.versions.push(stored);
    return clone(stored);
  }

  async history(): Promise<FieldCatalog[]> {
    return [...this.versions].reverse().map(clone);
  }

  snapshot(): unknown {
    return clone(this.versions);
  }

  restore(snapshot: unknown): void {
    this.versions = snapshot as FieldCatalog[];
  }
}
