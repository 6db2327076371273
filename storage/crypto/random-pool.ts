import { randomFillSync } from 'node:crypto';

/**
 * CSPRNG bytes drawn in 64 KiB blocks and handed out once each (copied, then zeroed in the
 * block): one syscall per ~1,500 nonces instead of one per nonce. Node's randomUUID caches
 * its entropy the same way. Never hands out the same bytes twice.
 */
export class RandomPool {
  private block = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly blockSize = 64 * 1024) {}

  take(n: number): Buffer {
    if (n > this.blockSize) return randomFillSync(Buffer.alloc(n));
    if (this.offset + n > this.block.length) {
      this.block.fill(0);
      this.block = randomFillSync(Buffer.allocUnsafeSlow(this.blockSize));
      this.offset = 0;
    }
    const out = Buffer.from(this.block.subarray(this.offset, this.offset + n));
    this.block.fill(0, this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
}

/** One pool per process: nonces and data keys. */
export const randomPool = new RandomPool();
