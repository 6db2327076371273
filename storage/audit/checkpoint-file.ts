import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseCheckpointLine, type Checkpoint } from '../../core/audit/checkpoint.js';

/**
 * The checkpoint file: JSON lines outside the database, append-only. It is per deployment:
 * with several instances either put it on shared storage or let one instance write it (the
 * checkpoint job takes an advisory lock on PostgreSQL). Auditors should copy it elsewhere.
 */
export class CheckpointFile {
  constructor(readonly path: string) {}

  /** Every line in order; `null` for a line that is not a checkpoint (reported by verify). */
  read(): (Checkpoint | null)[] {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(parseCheckpointLine);
  }

  last(): Checkpoint | null {
    const all = this.read();
    for (let i = all.length - 1; i >= 0; i--) if (all[i]) return all[i]!;
    return null;
  }

  /** Appends one line and fsyncs before returning: a checkpoint the caller reports is on disk. */
  append(c: Checkpoint): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const fd = openSync(this.path, 'a', 0o640);
    try {
      writeSync(fd, `${JSON.stringify(c)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
