import type { AppModule, AppServices } from './module.js';
import { MikroTransactor, type RepositoryFactories } from '../../../storage/unit-of-work.js';
import { KeyRing } from '../../../storage/crypto/key-ring.js';
import { recordsRepositoryFactories } from '../../../storage/records/index.js';
import { accessLogFactory } from '../../../storage/audit/mikro-access-log.repository.js';
import { accessLogSearchFactory } from '../../../storage/audit/mikro-access-log-search.repository.js';
import { outboxFactory } from '../../../storage/messaging/mikro-outbox.repository.js';
import { keyRingFor, offboardingRepositoryFactories } from './offboarding.module.js';
import { contactKeys, contactStoreFactory } from '../../../storage/contact/index.js';

/** Registry keys of the shared services this module publishes. */
export const PLATFORM_SERVICES = {
  transactor: 'transactor',
  keyring: 'keyring',
} as const;

export const ALL_REPOSITORY_FACTORIES: RepositoryFactories = {
  ...recordsRepositoryFactories,
  accessLog: accessLogFactory,
  accessLogReader: accessLogSearchFactory,
  outbox: outboxFactory,
  ...offboardingRepositoryFactories,
};

/** Builds the one application Transactor (every feature's repositories in one transaction). */
export function buildTransactor(s: Pick<AppServices, 'config' | 'db' | 'clock' | 'ids'>): { transactor: MikroTransactor; keyring: KeyRing } {
  // The shreddable ring: crypto-shredding must reach copies of the database too (README, security).
  const keyring: KeyRing = keyRingFor(s.config);
  const transactor = new MikroTransactor(
    { db: s.db, clock: s.clock, ids: s.ids, keyring },
    { ...ALL_REPOSITORY_FACTORIES, contacts: contactStoreFactory(contactKeys(s.config.masterKey).data) },
  );
  return { transactor, keyring };
}

/** First module: publishes the transactor and key ring every later module uses. */
export const platformModule: AppModule = {
  name: 'platform',
  init(s) {
    const { transactor, keyring } = buildTransactor(s);
    s.registry.set(PLATFORM_SERVICES.transactor, transactor);
    s.registry.set(PLATFORM_SERVICES.keyring, keyring);
  },
};
