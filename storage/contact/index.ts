import { hkdfSync } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import type { ContactStore } from '../../core/contact/contact-store.port.js';
import { Sql } from '../records/sql.js';
import type { StorageContext } from '../unit-of-work.js';
import { ContactCipher } from './contact-cipher.js';
import { MikroContactRequests } from './mikro-contact-requests.repository.js';
import { MikroContactBlocks, MikroContactDrafts, MikroContactLinks, MikroContactLookups } from './mikro-contact-support.repository.js';

/**
 * `RepositoryFactories['contacts']`: the contact repositories bound to one transaction. The key
 * seals message and answer texts; the composition root derives it from the master key (HKDF,
 * label 'contact-data').
 */
export function contactStoreFactory(key: Buffer): (em: EntityManager, ctx: StorageContext) => ContactStore {
  const cipher = new ContactCipher(key);
  return (em, ctx) => {
    const sql = new Sql(em, ctx.db.driver);
    return {
      requests: new MikroContactRequests(sql, cipher),
      links: new MikroContactLinks(sql),
      blocks: new MikroContactBlocks(sql),
      lookups: new MikroContactLookups(sql),
      drafts: new MikroContactDrafts(sql, cipher),
    };
  };
}

export { ContactCipher } from './contact-cipher.js';
export { ContactConflictError } from './mikro-contact-requests.repository.js';

/** The two contact keys, derived from the master key (HKDF): text sealing and link signing. */
export function contactKeys(masterKey: Buffer): { readonly data: Buffer; readonly link: Buffer } {
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), label, 32));
  return { data: derive('boundary/contact-data/v1'), link: derive('boundary/contact-link/v1') };
}
