import type { EntityManager } from '@mikro-orm/knex';
import type { PromptPorts } from '../../core/consent/consent-prompt.js';
import { MikroOutbox } from '../messaging/mikro-outbox.repository.js';
import { Sql } from '../records/sql.js';
import type { StorageContext } from '../unit-of-work.js';
import { MikroConsentLedger } from './mikro-consent-ledger.repository.js';

/** The consent ledger and the outbox on one transaction (the roster import asks newcomers through them). */
export const promptPortsFor =
  (ctx: Pick<StorageContext, 'db' | 'clock'>) =>
  (em: EntityManager): PromptPorts => ({ consents: new MikroConsentLedger(new Sql(em, ctx.db.driver)), outbox: new MikroOutbox(em, ctx) });
