import type { NewAccessLogEntry } from '../../core/audit/access-log-entry.js';
import { CheckpointSigner } from '../../core/audit/checkpoint.js';
import { FixedClock } from '../../core/shared/clock.port.js';

/** A fixed test seed: signatures are reproducible and the key is obviously not a real one. */
export const TEST_SEED = Buffer.alloc(32, 7);
export const testSigner = () => new CheckpointSigner(TEST_SEED);
export const T0 = new Date('2025-03-01T08:00:00.000Z');
export const testClock = () => new FixedClock(T0);

/** The n-th entry of a small, varied log (ids, purposes, outcomes and channels rotate). */
export function sampleEntry(n: number, overrides: Partial<NewAccessLogEntry> = {}): NewAccessLogEntry {
  const purposes = ['emergency', 'payroll', 'contact_request', null] as const;
  const outcomes = ['allowed', 'denied', 'pending', 'recorded'] as const;
  const channels = ['bot', 'miniapp', 'api', 'cli', 'system'] as const;
  return {
    at: new Date(T0.getTime() + n * 60_000),
    actorId: `emp-${n % 3}`,
    actorRole: n % 3 === 0 ? 'hr_admin' : 'dept_head',
    subjectId: `emp-${10 + (n % 4)}`,
    action: n % 5 === 0 ? 'view' : 'reveal',
    fields: n % 2 ? ['phone', 'emergency_contact'] : ['phone'],
    purpose: purposes[n % purposes.length]!,
    justification: n % 4 === 3 ? null : `reason number ${n}`,
    outcome: outcomes[n % outcomes.length]!,
    reasonCode: 'POLICY.OK',
    channel: channels[n % channels.length]!,
    correlationId: `corr-${n}`,
    ...overrides,
  };
}
