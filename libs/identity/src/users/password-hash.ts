import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Self-describing scrypt hashes: `scrypt$N=16384,r=8,p=1$<salt>$<key>` (salt and key in
 * base64url). Parameters travel with the hash so they can be raised later without
 * invalidating stored hashes.
 */
const SCHEME = 'scrypt';
const DEFAULT_PARAMS = { N: 16384, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds stop a hostile or mistyped config file from making each login burn gigabytes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, KEY_BYTES, DEFAULT_PARAMS);
  const { N, r, p } = DEFAULT_PARAMS;
  return `${SCHEME}$N=${N},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Constant-time comparison of the derived key; throws only when the stored hash is malformed. */
export async function verifyPassword(password: string, storedHash: string): Promise<boolean> {
  const { params, salt, key } = parsePasswordHash(storedHash);
  const candidate = await deriveKey(password, salt, key.length, params);
  return timingSafeEqual(candidate, key);
}

export function parsePasswordHash(storedHash: string): { params: ScryptParams; salt: Buffer; key: Buffer } {
  const [scheme, paramText, saltText, keyText, ...rest] = storedHash.split('$');
  const params = Object.fromEntries((paramText ?? '').split(',').map((pair) => pair.split('=') as [string, string]));
  const [N, r, p] = [Number(params.N), Number(params.r), Number(params.p)];
  const salt = Buffer.from(saltText ?? '', 'base64url');
  const key = Buffer.from(keyText ?? '', 'base64url');
  const wellFormed =
    scheme === SCHEME &&
    rest.length === 0 &&
    Number.isInteger(N) &&
    N > 1 &&
    N <= MAX_N &&
    (N & (N - 1)) === 0 &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= MAX_R &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= MAX_P &&
    salt.length >= SALT_BYTES &&
    key.length >= 16 &&
    key.length <= 64;
  if (!wellFormed) throw new Error('Malformed password hash: expected scrypt$N=<power of 2>,r=<n>,p=<n>$<salt>$<key>');
  return { params: { N, r, p }, salt, key };
}

function deriveKey(password: string, salt: Buffer, keyLength: number, { N, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs about 128·N·r bytes; the default 32 MiB cap would reject allowed parameters.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))));
}
