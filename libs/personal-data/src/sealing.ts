import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The customer as registered: personal data, never stored in the clear. */
export type PlainCustomer = { name: string; phone: string | null; idNumber: string | null };

/**
 * What the event stores instead: AES-256-GCM under the customer's own key. Nothing in it derives
 * from the person (no masked form, no hash), so destroying the key leaves nothing personal behind.
 */
export type SealedCustomer = { keyId: string; alg: 'A256GCM'; iv: string; ciphertext: string; tag: string };

/** A customer's data key; `keyId` is random and says nothing about the person. */
export type CustomerKey = { keyId: string; key: Buffer };

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

/**
 * The additional authenticated data: the ciphertext only opens on the stream it was sealed for
 * (e.g. `complaint-<id>`) and under the key id it names, so it cannot be moved to another case.
 */
const aadOf = (boundTo: string, keyId: string): Buffer => Buffer.from(`duban-customer\n${boundTo}\n${keyId}`, 'utf8');

/** Seals with a fresh random 96-bit IV: the same customer sealed twice gives different bytes. */
export function sealCustomer(plain: PlainCustomer, key: CustomerKey, boundTo: string): SealedCustomer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.key, iv).setAAD(aadOf(boundTo, key.keyId));
  const body = JSON.stringify({ name: plain.name, phone: plain.phone, idNumber: plain.idNumber });
  const ciphertext = Buffer.concat([cipher.update(body, 'utf8'), cipher.final()]);
  return { keyId: key.keyId, alg: 'A256GCM', iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** Opens a sealed customer; throws when the key, the stream or any byte differs from the sealing. */
export function unsealCustomer(sealed: SealedCustomer, key: CustomerKey, boundTo: string): PlainCustomer {
  if (sealed.keyId !== key.keyId) throw new Error(`Sealed under key ${sealed.keyId}, not ${key.keyId}`);
  const decipher = createDecipheriv(ALGORITHM, key.key, Buffer.from(sealed.iv, 'base64')).setAAD(aadOf(boundTo, sealed.keyId));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  const body = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  return JSON.parse(body) as PlainCustomer;
}

export function isSealedCustomer(value: unknown): value is SealedCustomer {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return candidate.alg === 'A256GCM' && ['keyId', 'iv', 'ciphertext', 'tag'].every((field) => typeof candidate[field] === 'string');
}
