/**
 * Unwrapped data keys, kept briefly so a burst of reads does not unwrap the same key again.
 * Bounded (least recently used goes first) and time-limited; destroyed keys are wiped at once.
 */
export class DataKeyCache {
  private readonly entries = new Map<string, { key: Buffer; until: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = () => performance.timeOrigin + performance.now(),
  ) {}

  get(dataKeyId: string): Buffer | undefined {
    const entry = this.entries.get(dataKeyId);
    if (!entry) return undefined;
    this.entries.delete(dataKeyId);
    if (entry.until <= this.now()) {
      entry.key.fill(0);
      return undefined;
    }
    this.entries.set(dataKeyId, entry); // re-insert: Map order is our recency order
    return entry.key;
  }

  set(dataKeyId: string, key: Buffer): void {
    this.forget(dataKeyId);
    this.entries.set(dataKeyId, { key: Buffer.from(key), until: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.forget(oldest);
    }
  }

  /** Wipes and drops a key (it was destroyed, or is no longer needed). */
  forget(dataKeyId: string): void {
    const entry = this.entries.get(dataKeyId);
    if (!entry) return;
    entry.key.fill(0);
    this.entries.delete(dataKeyId);
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.forget(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
