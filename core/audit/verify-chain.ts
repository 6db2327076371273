import { createHash, type KeyObject } from 'node:crypto';
import type { AccessLogEntry } from './access-log-entry.js';
import { CANONICAL_VERSION, canonicalBody } from './canonical.js';
import { GENESIS, type ChainPoint } from './chain.js';
import { checkpointSignatureValid, type Checkpoint } from './checkpoint.js';

export const CHAIN_FAILURE_KINDS = [
  'edited',
  'deleted',
  'swapped',
  'truncated',
  'recomputed',
  'bad-signature',
  'out-of-order',
  'head-mismatch',
] as const;
export type ChainFailureKind = (typeof CHAIN_FAILURE_KINDS)[number];

export interface ChainFailure {
  readonly kind: ChainFailureKind;
  /** The first sequence number known to be bad (for `recomputed`: the first one not covered by a matching checkpoint). */
  readonly seq: number;
  /** `swapped`: where the entry that belongs at `seq` was found. */
  readonly otherSeq?: number;
  /** `recomputed` / `truncated`: the checkpoint that exposed it. */
  readonly checkpointSeq?: number;
  readonly message: string;
}

/** An entry as read back; exports also carry the previous hash so filtered extracts can be checked. */
export type VerifiableEntry = AccessLogEntry & { readonly prevHash?: string | null };

/**
 * What the verifier hashes, and the stored hash: either the canonical body (everything after
 * seq), or the whole canonical form as UTF-8 bytes (`[1,seq,` + body), which the database path
 * builds in SQL so no text is decoded and re-encoded per entry.
 */
export type ChainItem = {
  readonly seq: number;
  readonly hash: string;
  readonly prevHash?: string | null;
} & ({ readonly body: string; readonly canonical?: undefined } | { readonly body?: undefined; readonly canonical: Uint8Array });

export const toChainItem = (e: VerifiableEntry): ChainItem => ({ seq: e.seq, body: canonicalBody(e), hash: e.hash, prevHash: e.prevHash });

export interface VerifyOptions {
  /** Signed checkpoints (already parsed); `trustedKey` is then required. */
  readonly checkpoints?: readonly (Checkpoint | null)[];
  readonly trustedKey?: KeyObject;
  /** Where the stored chain starts: genesis, or the (seq, hash) of the last pruned entry. See `anchorFor`. */
  readonly anchor?: ChainPoint;
  /** The database's chain head, when verifying a database (catches a head that disagrees with the entries). */
  readonly head?: ChainPoint;
  /** Filtered exports have gaps: follow each entry's own `prevHash` across them instead of failing. */
  readonly allowGaps?: boolean;
  /** How many entries past a mismatch to search for a swapped partner. */
  readonly lookahead?: number;
  readonly onProgress?: (entriesChecked: number) => void;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly entries: number;
  /** Entries at or below the anchor (already declared pruned by a prune checkpoint). */
  readonly skipped: number;
  readonly anchor: ChainPoint;
  readonly last: ChainPoint;
  readonly checkpointsMatched: number;
  readonly failure: ChainFailure | null;
}

type Source = Iterable<VerifiableEntry> | AsyncIterable<readonly VerifiableEntry[]>;
type ItemSource = AsyncIterable<readonly ChainItem[]>;

/** The newest prune checkpoint wins over what the database says: the file is the trusted record. */
export function anchorFor(checkpoints: readonly (Checkpoint | null)[], databaseAnchor: ChainPoint = GENESIS): ChainPoint {
  let best: ChainPoint | null = null;
  for (const c of checkpoints) if (c?.kind === 'prune' && (best === null || c.seq > best.seq)) best = { seq: c.seq, hash: c.hash };
  return best ?? databaseAnchor;
}

async function* itemBatches(source: Source): AsyncGenerator<readonly ChainItem[]> {
  if (Symbol.asyncIterator in source) {
    for await (const batch of source) yield batch.map(toChainItem);
    return;
  }
  let batch: ChainItem[] = [];
  for (const e of source) {
    batch.push(toChainItem(e));
    if (batch.length === 4096) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

const prefix = (seq: number) => `[${CANONICAL_VERSION},${seq},`;

/** h = SHA-256(prev || canonical): one hash object, two updates, one digest per entry. */
function hashItem(prev: Uint8Array, e: ChainItem): Buffer {
  const h = createHash('sha256').update(prev);
  return (e.canonical ? h.update(e.canonical) : h.update(prefix(e.seq) + e.body, 'utf8')).digest();
}

const bodyOf = (e: ChainItem): string => e.body ?? Buffer.from(e.canonical!).toString('utf8').slice(prefix(e.seq).length);

/** The hash `x`'s content would have at `seq` (swap detection relabels entries). */
const relabelledHash = (prev: Uint8Array, seq: number, x: ChainItem): string =>
  createHash('sha256').update(prev).update(prefix(seq) + bodyOf(x), 'utf8').digest('hex');

/**
 * Recomputes the chain from its anchor, checks sequence continuity, every checkpoint's
 * signature and hash, and that the entries reach the newest checkpoint. Stops at the first
 * failure and names its sequence number and kind.
 */
export function verifyChain(source: Source, options: VerifyOptions = {}): Promise<VerifyReport> {
  return verifyChainItems(itemBatches(source), options);
}

/** `verifyChain` over pre-built chain items (the database path builds bodies straight from rows). */
export async function verifyChainItems(source: ItemSource, options: VerifyOptions = {}): Promise<VerifyReport> {
  const anchor = options.anchor ?? GENESIS;
  const fileCheckpoints = options.checkpoints ?? [];
  let entries = 0;
  let skipped = 0;
  let matched = 0;
  let last: ChainPoint = anchor;
  const report = (failure: ChainFailure | null): VerifyReport => ({
    ok: failure === null,
    entries,
    skipped,
    anchor,
    last,
    checkpointsMatched: matched,
    failure,
  });

  if (fileCheckpoints.length && !options.trustedKey) throw new Error('verifying checkpoints needs a trusted public key');
  for (const [i, c] of fileCheckpoints.entries()) {
    if (c === null || !checkpointSignatureValid(c, options.trustedKey!))
      return report({ kind: 'bad-signature', seq: c?.seq ?? -1, message: `checkpoint line ${i + 1} is not validly signed by the trusted key` });
  }
  const checkpoints = (fileCheckpoints as Checkpoint[]).filter((c) => c.seq >= anchor.seq).sort((a, b) => a.seq - b.seq);
  let cp = 0;
  for (; cp < checkpoints.length && checkpoints[cp]!.seq === anchor.seq; cp++) {
    if (checkpoints[cp]!.hash !== anchor.hash)
      return report({ kind: 'recomputed', seq: anchor.seq, checkpointSeq: anchor.seq, message: 'a checkpoint disagrees with the chain anchor' });
    matched++;
  }
  let lastMatchedSeq = anchor.seq;
  let prevBytes: Uint8Array = Buffer.from(anchor.hash, 'hex');
  let expected = anchor.seq + 1;

  const it = source[Symbol.asyncIterator]();
  try {
    return await checkItems();
  } finally {
    await it.return?.(); // a source that reads ahead stops when the verifier stops early
  }

  async function checkItems(): Promise<VerifyReport> {
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const batch = next.value;
      for (let i = 0; i < batch.length; i++) {
        const e = batch[i]!;
        if (e.seq < expected && e.seq <= anchor.seq) {
          skipped++;
          continue;
        }
        if (e.seq !== expected) {
          if (e.seq > expected && options.allowGaps && e.prevHash) {
            prevBytes = Buffer.from(e.prevHash, 'hex');
            expected = e.seq;
            while (cp < checkpoints.length && checkpoints[cp]!.seq < e.seq) cp++;
          } else if (e.seq > expected) {
            const missing = e.seq - expected === 1 ? `${expected}` : `${expected}..${e.seq - 1}`;
            return report({ kind: 'deleted', seq: expected, message: `entry ${missing} is missing` });
          } else {
            return report({ kind: 'out-of-order', seq: e.seq, message: `entry ${e.seq} appears after ${expected - 1}` });
          }
        }
        const digest = hashItem(prevBytes, e);
        const hex = digest.toString('hex');
        if (hex !== e.hash) {
          const ahead = await collectAhead(batch, i + 1, it, options.lookahead ?? 10_000);
          const partner = ahead.find((x) => {
            const relabelled = relabelledHash(prevBytes, e.seq, x);
            return relabelled === x.hash || relabelled === e.hash;
          });
          if (partner)
            return report({ kind: 'swapped', seq: e.seq, otherSeq: partner.seq, message: `entries ${e.seq} and ${partner.seq} were swapped` });
          return report({ kind: 'edited', seq: e.seq, message: `entry ${e.seq} does not match its hash` });
        }
        for (; cp < checkpoints.length && checkpoints[cp]!.seq === e.seq; cp++) {
          if (checkpoints[cp]!.hash !== hex)
            return report({
              kind: 'recomputed',
              seq: lastMatchedSeq + 1,
              checkpointSeq: e.seq,
              message: `the chain was rewritten between entries ${lastMatchedSeq + 1} and ${e.seq} (signed checkpoint ${e.seq} disagrees)`,
            });
          matched++;
          lastMatchedSeq = e.seq;
        }
        prevBytes = digest;
        last = { seq: e.seq, hash: hex };
        expected = e.seq + 1;
        entries++;
      }
      options.onProgress?.(entries);
    }

    if (!options.allowGaps && cp < checkpoints.length) {
      const c = checkpoints[cp]!;
      return report({ kind: 'truncated', seq: expected, checkpointSeq: c.seq, message: `entries from ${expected} to ${c.seq} (signed checkpoint) are missing` });
    }
    const head = options.head;
    if (head && head.seq > last.seq)
      return report({ kind: 'truncated', seq: last.seq + 1, message: `the chain head is at ${head.seq} but entries end at ${last.seq}` });
    if (head && (head.seq < last.seq || head.hash !== last.hash))
      return report({ kind: 'head-mismatch', seq: head.seq, message: `the chain head (${head.seq}) disagrees with the entries (${last.seq})` });
    return report(null);
  }
}

async function collectAhead(
  batch: readonly ChainItem[],
  from: number,
  it: AsyncIterator<readonly ChainItem[]>,
  limit: number,
): Promise<ChainItem[]> {
  const out = batch.slice(from, from + limit);
  while (out.length < limit) {
    const next = await it.next();
    if (next.done) break;
    out.push(...next.value.slice(0, limit - out.length));
  }
  return out;
}
