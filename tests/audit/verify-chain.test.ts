import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '../../core/audit/access-log-entry.js';
import { canonical, sanitiseEntry } from '../../core/audit/canonical.js';
import { GENESIS, GENESIS_HASH, chainHash } from '../../core/audit/chain.js';
import { CheckpointSigner, publicKeyFromBase64, type Checkpoint } from '../../core/audit/checkpoint.js';
import { anchorFor, verifyChain } from '../../core/audit/verify-chain.js';
import { sampleEntry, T0, testSigner } from './audit-fixtures.js';

/** A chain built exactly as the append path does: sanitised entries, h_i from h_{i-1}. */
function buildChain(n: number): AccessLogEntry[] {
  const out: AccessLogEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = sanitiseEntry(sampleEntry(seq));
    prev = chainHash(prev, seq, e);
    out.push({ ...e, seq, hash: prev });
  }
  return out;
}

const signer = testSigner();
const trustedKey = publicKeyFromBase64(signer.publicKey);
const checkpointAt = (chain: AccessLogEntry[], seq: number, kind: Checkpoint['kind'] = 'periodic') =>
  signer.sign({ seq, hash: chain[seq - 1]!.hash }, T0, kind);

describe('canonical form', () => {
  it('is a fixed-order JSON array with explicit nulls, ISO milliseconds and sorted fields', () => {
    const e = sampleEntry(3, { fields: ['phone', 'address', 'phone'], purpose: null });
    expect(canonical(3, e)).toBe(
      '[1,3,"2025-03-01T08:03:00.000Z","emp-0","hr_admin","emp-13","reveal",["address","phone"],null,null,"recorded","POLICY.OK","cli","corr-3"]',
    );
  });

  it('replaces characters PostgreSQL cannot store, so what is hashed is what is stored', () => {
    const e = sanitiseEntry(sampleEntry(1, { justification: 'a\u0000b\uD800c 😀' }));
    expect(e.justification).toBe('a\uFFFDb\uFFFDc 😀');
  });

  it('starts from a genesis hash anyone can recompute', () => {
    expect(GENESIS_HASH).toBe(createHash('sha256').update('boundary/access-log/genesis/v1').digest('hex'));
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain and every checkpoint on it', async () => {
    const chain = buildChain(50);
    const report = await verifyChain(chain, { checkpoints: [checkpointAt(chain, 20), checkpointAt(chain, 50)], trustedKey });
    expect(report.failure).toBeNull();
    expect(report).toMatchObject({ ok: true, entries: 50, checkpointsMatched: 2, last: { seq: 50 } });
  });

  it('names an edited entry', async () => {
    const chain = buildChain(30);
    chain[11] = { ...chain[11]!, justification: 'nothing to see' };
    expect((await verifyChain(chain)).failure).toMatchObject({ kind: 'edited', seq: 12 });
  });

  it('names the first missing entry of a deletion', async () => {
    const chain = buildChain(30);
    chain.splice(7, 2);
    expect((await verifyChain(chain)).failure).toMatchObject({ kind: 'deleted', seq: 8 });
  });

  it('names the first of two swapped entries and where its partner went', async () => {
    const chain = buildChain(30);
    const [a, b] = [chain[4]!, chain[8]!];
    chain[4] = { ...b, seq: 5 };
    chain[8] = { ...a, seq: 9 };
    expect((await verifyChain(chain)).failure).toMatchObject({ kind: 'swapped', seq: 5, otherSeq: 9 });
  });

  it('names the first missing entry when the tail is cut below a checkpoint', async () => {
    const chain = buildChain(30);
    const cps = [checkpointAt(chain, 30)];
    expect((await verifyChain(chain.slice(0, 24), { checkpoints: cps, trustedKey })).failure).toMatchObject({
      kind: 'truncated',
      seq: 25,
      checkpointSeq: 30,
    });
  });

  it('catches a chain recomputed after an edit through the signed checkpoint after it', async () => {
    const chain = buildChain(30);
    const cps = [checkpointAt(chain, 10), checkpointAt(chain, 20), checkpointAt(chain, 30)];
    let prev = chain[13]!.hash;
    for (let seq = 15; seq <= 30; seq++) {
      const e = seq === 15 ? { ...chain[14]!, justification: 'rewritten' } : chain[seq - 1]!;
      prev = chainHash(prev, seq, e);
      chain[seq - 1] = { ...e, hash: prev };
    }
    expect((await verifyChain(chain)).ok).toBe(true); // internally consistent: only the anchor catches it
    expect((await verifyChain(chain, { checkpoints: cps, trustedKey })).failure).toMatchObject({
      kind: 'recomputed',
      seq: 11,
      checkpointSeq: 20,
    });
  });

  it('rejects a checkpoint whose line was edited or signed by another key', async () => {
    const chain = buildChain(10);
    const good = checkpointAt(chain, 10);
    const forged = { ...good, hash: chain[4]!.hash, seq: 5 };
    expect((await verifyChain(chain, { checkpoints: [forged], trustedKey })).failure).toMatchObject({ kind: 'bad-signature', seq: 5 });
    const other = new CheckpointSigner(Buffer.alloc(32, 9)).sign({ seq: 10, hash: chain[9]!.hash }, T0, 'forced');
    expect((await verifyChain(chain, { checkpoints: [other], trustedKey })).failure).toMatchObject({ kind: 'bad-signature', seq: 10 });
    expect((await verifyChain(chain, { checkpoints: [null], trustedKey })).failure).toMatchObject({ kind: 'bad-signature' });
  });

  it('starts after a prune checkpoint and ignores entries it declared prunable', async () => {
    const chain = buildChain(30);
    const cps = [checkpointAt(chain, 10), checkpointAt(chain, 12, 'prune')];
    expect(anchorFor(cps, GENESIS)).toEqual({ seq: 12, hash: chain[11]!.hash });
    const report = await verifyChain(chain.slice(12), { checkpoints: cps, trustedKey, anchor: anchorFor(cps) });
    expect(report).toMatchObject({ ok: true, entries: 18 });
    const gap = await verifyChain(chain.slice(13), { checkpoints: cps, trustedKey, anchor: anchorFor(cps) });
    expect(gap.failure).toMatchObject({ kind: 'deleted', seq: 13 });
  });

  it('reports a database head that is ahead of the entries as truncation', async () => {
    const chain = buildChain(10);
    const report = await verifyChain(chain.slice(0, 8), { head: { seq: 10, hash: chain[9]!.hash } });
    expect(report.failure).toMatchObject({ kind: 'truncated', seq: 9 });
  });
});

describe('canonical body from stored columns', () => {
  it('is byte-identical to the canonical body of the entry it was stored from', async () => {
    const { canonicalBody, canonicalBodyFromStored, normaliseFields } = await import('../../core/audit/canonical.js');
    const odd = ['他说张三欠钱不还', 'tab\there "q" \\ \n\r\b\f \u0001 \u2028 😀', '', null];
    for (const justification of odd) {
      const e = sanitiseEntry(sampleEntry(5, { justification, fields: ['b', 'a', 'b'], actorId: null, correlationId: justification }));
      const stored = canonicalBodyFromStored(
        e.at.toISOString(), e.actorId, e.actorRole, e.subjectId, e.action, JSON.stringify(normaliseFields(e.fields)),
        e.purpose, e.justification, e.outcome, e.reasonCode, e.channel, e.correlationId,
      );
      expect(stored).toBe(canonicalBody(e));
      expect(`[1,5,${stored}`).toBe(canonical(5, e));
    }
  });
});
