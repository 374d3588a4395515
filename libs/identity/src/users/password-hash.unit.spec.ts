import { randomBytes, scryptSync } from 'node:crypto';
import { hashPassword, parsePasswordHash, verifyPassword } from './password-hash';

describe('password hashing', () => {
  it('writes a self-describing scrypt hash with its parameters and salt', async () => {
    const hash = await hashPassword('正确的密码 correct horse');
    expect(hash).toMatch(/^scrypt\$N=16384,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    expect(parsePasswordHash(hash).params).toEqual({ N: 16384, r: 8, p: 1 });
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('正确的密码 correct horse');
    await expect(verifyPassword('正确的密码 correct horse', hash)).resolves.toBe(true);
    await expect(verifyPassword('正确的密码 correct horsE', hash)).resolves.toBe(false);
    await expect(verifyPassword('', hash)).resolves.toBe(false);
  });

  it('salts every hash, so equal passwords do not give equal hashes', async () => {
    const [first, second] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(first).not.toBe(second);
  });

  it('reads the parameters from the stored hash, so older or stronger settings keep working', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('pw', salt, 32, { N: 1024, r: 4, p: 2 });
    const stored = `scrypt$N=1024,r=4,p=2$${salt.toString('base64url')}$${key.toString('base64url')}`;
    await expect(verifyPassword('pw', stored)).resolves.toBe(true);
    await expect(verifyPassword('pw', stored.replace('r=4', 'r=8'))).resolves.toBe(false);
  });

  it('treats a flipped key byte as a wrong password', async () => {
    const hash = await hashPassword('pw');
    const { salt, key } = parsePasswordHash(hash);
    key[0] = key[0] ^ 1;
    const tampered = `scrypt$N=16384,r=8,p=1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    await expect(verifyPassword('pw', tampered)).resolves.toBe(false);
  });

  it.each([
    ['plain text', 'demo-password'],
    ['another scheme', 'bcrypt$N=16384,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['N not a power of two', 'scrypt$N=1000,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['N beyond the memory bound', 'scrypt$N=4194304,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['salt too short', 'scrypt$N=16384,r=8,p=1$c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['missing key', 'scrypt$N=16384,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA'],
  ])('refuses a malformed stored hash (%s)', async (_case, stored) => {
    await expect(verifyPassword('pw', stored)).rejects.toThrow('Malformed password hash');
  });
});
