/**
 * Every migration's name, in order; both dialects have one migration of each name (their
 * index files pair the names with their classes, and a test checks the three agree). Kept
 * apart from the classes so a start with nothing pending need not load the migrator.
 */
export const MIGRATION_NAMES: readonly string[] = [
  '0001-foundation',
  '0002-records',
  '0003-audit',
  '0004-messaging',
  '0005-contact',
  '0006-offboarding',
  '0007-grant-stops',
  '0008-consent-prompts',
];
