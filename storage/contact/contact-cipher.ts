import { open, seal } from '../crypto/aes-gcm.js';

/**
 * Seals the free text of contact requests (the requester's message, the former employee's
 * answer, chat drafts) under a key derived from the master key by the composition root. The AAD
 * binds each ciphertext to its table, column and row, so a ciphertext moved elsewhere fails.
 */
export class ContactCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('contact key must be 32 bytes');
  }

  seal(table: string, column: string, rowId: string, plaintext: string): Buffer {
    return seal(this.key, Buffer.from(plaintext, 'utf8'), aad(table, column, rowId));
  }

  /** Throws IntegrityError when the bytes were edited or moved. */
  open(table: string, column: string, rowId: string, sealed: Buffer): string {
    return open(this.key, sealed, aad(table, column, rowId), `${table}.${column}`).toString('utf8');
  }
}

const aad = (table: string, column: string, rowId: string) => Buffer.from(`contact|${table}|${column}|${rowId}|v1`, 'utf8');
