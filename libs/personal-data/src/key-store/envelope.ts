import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import type { CustomerKey } from '../sealing';
import type { CustomerKeyStore, CustomerSubject } from './customer-key-store';

/** A key as stored: wrapped, and found by the keyed hash of its subject (null: a key of one case). */
export type StoredKeyRow = { keyId: string; wrappedKey: Buffer };

/** Where the wrapped keys live (SQLite file, memory). Rows hold nothing readable without the master key. */
export interface CustomerKeyRows {
  /** Inserts the key, or returns the key already stored for `lookup` (another process may have won the race). */
  insertOrGet(lookup: string | null, row: StoredKeyRow): StoredKeyRow;
  byId(keyId: string): StoredKeyRow | null;
  /** Deletes the key and its lookup rows so that their bytes are gone, not just unlinked. */
  delete(keyId: string): void;
  close(): void;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Parses CUSTOMER_DATA_MASTER_KEY: 32 bytes as 64 hex digits or base64. */
export function parseMasterKey(encoded: string): Buffer {
  const trimmed = encoded.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES) throw new Error('The customer data master key must be 32 bytes, as 64 hex digits or base64');
  return key;
}

const subkey = (master: Buffer, purpose: string): Buffer => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `duban customer data ${purpose}`, KEY_BYTES));

/**
 * Envelope encryption over any row storage: each customer key is wrapped (AES-256-GCM, bound to
 * its key id) under a key derived from the master key, and subjects are looked up by an HMAC under
 * another derived key, so the rows never hold an ID number, a phone or a usable key.
 */
export class EnvelopeCustomerKeyStore implements CustomerKeyStore {
  private readonly wrappingKey: Buffer;
  private readonly lookupKey: Buffer;
  private readonly fingerprintKey: Buffer;

  constructor(
    masterKey: Buffer,
    private readonly rows: CustomerKeyRows,
  ) {
    this.wrappingKey = subkey(masterKey, 'key wrapping');
    this.lookupKey = subkey(masterKey, 'subject lookup');
    this.fingerprintKey = subkey(masterKey, 'fingerprint');
  }

  async keyFor(subject: CustomerSubject): Promise<CustomerKey> {
    const lookup = subject === null ? null : createHmac('sha256', this.lookupKey).update(`${subject.kind}\n${subject.value}`).digest('base64url');
    const keyId = randomUUID();
    const stored = this.rows.insertOrGet(lookup, { keyId, wrappedKey: this.wrap(keyId, randomBytes(KEY_BYTES)) });
    return this.unwrap(stored);
  }

  async keyById(keyId: string): Promise<CustomerKey | null> {
    const stored = this.rows.byId(keyId);
    return stored === null ? null : this.unwrap(stored);
  }

  fingerprint(value: string): string {
    return createHmac('sha256', this.fingerprintKey).update(value, 'utf8').digest('base64url');
  }

  async destroy(keyId: string): Promise<void> {
    this.rows.delete(keyId);
  }

  async close(): Promise<void> {
    this.rows.close();
  }

  private wrap(keyId: string, key: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.wrappingKey, iv).setAAD(Buffer.from(keyId, 'utf8'));
    const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), wrapped]);
  }

  private unwrap({ keyId, wrappedKey }: StoredKeyRow): CustomerKey {
    const decipher = createDecipheriv('aes-256-gcm', this.wrappingKey, wrappedKey.subarray(0, IV_BYTES)).setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(wrappedKey.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return { keyId, key: Buffer.concat([decipher.update(wrappedKey.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]) };
  }
}
