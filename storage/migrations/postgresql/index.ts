import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Foundation } from './0001-foundation.js';
import { Migration0003Audit } from './0003-audit.js';
import { Migration0004Messaging } from './0004-messaging.js';
import { Migration0002Records } from './0002-records.js';
import { Migration0005Contact } from './0005-contact.js';
import { Migration0006Offboarding } from './0006-offboarding.js';
import { Migration0007GrantStops } from './0007-grant-stops.js';
import { Migration0008ConsentPrompts } from './0008-consent-prompts.js';

/** Applied in order; never edit a migration that has shipped, add a new one. */
export const POSTGRES_MIGRATIONS: MigrationObject[] = [
  { name: '0001-foundation', class: Migration0001Foundation },
  { name: '0002-records', class: Migration0002Records },
  { name: '0003-audit', class: Migration0003Audit },
  { name: '0004-messaging', class: Migration0004Messaging },
  { name: '0005-contact', class: Migration0005Contact },
  { name: '0006-offboarding', class: Migration0006Offboarding },
  { name: '0007-grant-stops', class: Migration0007GrantStops },
  { name: '0008-consent-prompts', class: Migration0008ConsentPrompts },
];
