import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { safeEqual } from './signature.js';

/**
 * DingTalk HTTP event push crypto (dingtalk.md §6.3, the official DingTalk-Callback-Crypto):
 * signature = hex(SHA1(sort([token, timestamp, nonce, encrypt]).join(''))); the body is
 * AES-256-CBC with key = base64(aesKey + "="), iv = key[0..16], PKCS#7 padded to 32-byte
 * blocks, over random(16) | msgLength (4 bytes, big-endian) | msg | ownerKey.
 */
export interface EventCryptoOptions {
  /** The console's token (3–32 alphanumerics). */
  readonly token: string;
  /** The console's 43-character "数据加密密钥". */
  readonly aesKey: string;
  /** AppKey / Client ID for an internal app's event subscription; corpId for the legacy register API. */
  readonly ownerKey: string;
}

/** The reply (and request) envelope; note camel-case `timeStamp`. */
export interface EncryptedEnvelope {
  readonly msg_signature: string;
  readonly timeStamp: string;
  readonly nonce: string;
  readonly encrypt: string;
}

export type DecryptResult = { readonly ok: true; readonly message: string } | { readonly ok: false; readonly reason: 'undecryptable' | 'wrong_owner' };

const BLOCK = 32;
const AES_KEY = /^[A-Za-z0-9+/]{43}$/;
const NONCE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** True when `s` is a usable aes_key: 43 base64 characters that decode (with "=") to 32 bytes. */
export const isEventAesKey = (s: string): boolean => AES_KEY.test(s) && Buffer.from(`${s}=`, 'base64').length === 32;

export function eventSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join(''), 'utf8').digest('hex');
}

export function randomNonce(length = 16): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => NONCE_CHARS[b % NONCE_CHARS.length]).join('');
}

export class EventCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private readonly owner: Buffer;

  constructor(private readonly options: EventCryptoOptions) {
    if (!isEventAesKey(options.aesKey)) throw new Error('event aes key must be 43 base64 characters');
    this.key = Buffer.from(`${options.aesKey}=`, 'base64');
    this.iv = this.key.subarray(0, 16);
    this.owner = Buffer.from(options.ownerKey, 'utf8');
  }

  sign(timestamp: string, nonce: string, encrypt: string): string {
    return eventSignature(this.options.token, timestamp, nonce, encrypt);
  }

  /** Constant time (safeEqual hashes both sides first, so length does not show either). */
  verify(signature: string, timestamp: string, nonce: string, encrypt: string): boolean {
    return safeEqual(signature, this.sign(timestamp, nonce, encrypt));
  }

  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const msg = Buffer.from(message, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length);
    const plain = Buffer.concat([random, len, msg, this.owner]);
    const pad = BLOCK - (plain.length % BLOCK);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  }

  /** Decrypts and checks the trailing owner key; never throws on hostile input. */
  decrypt(encrypt: string): DecryptResult {
    const bad = { ok: false, reason: 'undecryptable' } as const;
    if (!/^[A-Za-z0-9+/\r\n]+={0,2}\s*$/.test(encrypt)) return bad;
    const data = Buffer.from(encrypt, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) return bad;
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv).setAutoPadding(false);
      plain = Buffer.concat([decipher.update(data), decipher.final()]);
    } catch {
      return bad;
    }
    const pad = plain[plain.length - 1]!;
    if (pad < 1 || pad > BLOCK || pad > plain.length) return bad;
    const body = plain.subarray(0, plain.length - pad);
    if (body.length < 20) return bad;
    const len = body.readUInt32BE(16);
    if (20 + len > body.length) return bad;
    const owner = body.subarray(20 + len);
    if (!owner.equals(this.owner)) return { ok: false, reason: 'wrong_owner' };
    try {
      return { ok: true, message: new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(20, 20 + len)) };
    } catch {
      return bad;
    }
  }

  /** `message` encrypted and signed as the platform expects an answer (or a push) to look. */
  envelope(message: string, timestamp: string, nonce: string = randomNonce()): EncryptedEnvelope {
    const encrypt = this.encrypt(message);
    return { msg_signature: this.sign(timestamp, nonce, encrypt), timeStamp: timestamp, nonce, encrypt };
  }
}
