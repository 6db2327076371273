import { buildTestCompany, employee, type TestCompany } from '../../../core/testing/test-company.js';
import { InMemoryTransactor, type InMemoryStores } from '../../../core/testing/in-memory-transactor.js';
import { ContactLinkIssuer } from '../../../core/contact/contact-links.js';
import { LinkSigner } from '../../../core/contact/link-token.js';
import type { ContactDeps } from '../../../core/contact/contact-context.js';
import type { Employee } from '../../../core/records/employee.js';
import { DAY_MS } from '../../../core/shared/clock.port.js';
import { InMemoryContactStore } from './in-memory-contact-store.js';

export const LINK_KEY = Buffer.alloc(32, 7);
export const ZHANG_RELAY_EMAIL = 'zhang.relay.canary@mail.example';

export interface ContactFixture extends TestCompany {
  readonly contacts: InMemoryContactStore;
  readonly deps: TestCompany['deps'] & ContactDeps;
  readonly signer: LinkSigner;
  /** Adds a departed employee (overlapping tenure, relay by email unless told otherwise). */
  addFormer(id: string, name: string, overrides?: Partial<Employee>, relayEmail?: string | null): Promise<Employee>;
}

/** The test company plus the in-memory contact store, in one transactor; Zhang relays by email. */
export async function contactFixture(): Promise<ContactFixture> {
  const company = await buildTestCompany();
  const contacts = new InMemoryContactStore();
  const stores = { ...company.stores, contacts } as InMemoryStores;
  const tx = new InMemoryTransactor(stores);
  const signer = new LinkSigner(LINK_KEY);
  const links = new ContactLinkIssuer(signer, 'https://hr.example');
  const catalog = await company.stores.catalog.current();
  await company.stores.vault.write(company.people.zhang.id, new Map([['post_departure_email', ZHANG_RELAY_EMAIL]]), catalog);
  const deps = { tx, clock: company.clock, ids: company.ids, links };
  return {
    ...company,
    tx,
    contacts,
    signer,
    deps,
    async addFormer(id, name, overrides = {}, relayEmail = `${id}.relay@mail.example`) {
      const departedAt = new Date(company.clock.now().getTime() - 30 * DAY_MS).toISOString();
      const e = employee({
        id,
        name,
        departmentId: 'd-rd',
        status: 'departed',
        separation: { ...company.people.zhang.separation, departedAt, relayOptIn: relayEmail !== null, postDepartureChannel: relayEmail ? 'email' : 'none' },
        ...overrides,
      });
      await company.stores.employees.save(e);
      if (relayEmail) await company.stores.vault.write(id, new Map([['post_departure_email', relayEmail]]), catalog);
      return (await company.stores.employees.get(id))!;
    },
  };
}

/** The token inside a link URL (…/r/<token> or …/r/<token>/settings). */
export const tokenOf = (url: string): string => url.split('/r/')[1]!.replace(/\/settings$/, '');
