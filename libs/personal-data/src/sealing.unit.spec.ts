import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { isSealedCustomer, sealCustomer, unsealCustomer, type CustomerKey, type PlainCustomer } from './sealing';

const key: CustomerKey = { keyId: 'k-1', key: randomBytes(32) };
const customer: PlainCustomer = { name: '测试甲乙', phone: '13800000000', idNumber: '11010119900307123X' };
const STREAM = 'complaint-c-1';

describe('sealing a customer', () => {
  it('opens what it sealed, on the same stream under the same key', () => {
    fc.assert(
      fc.property(fc.record({ name: fc.string({ unit: 'grapheme' }), phone: fc.option(fc.string()), idNumber: fc.option(fc.string()) }), (plain) => {
        expect(unsealCustomer(sealCustomer(plain, key, STREAM), key, STREAM)).toEqual(plain);
      }),
    );
  });

  it('stores nothing readable: only the key id, the algorithm and base64 bytes', () => {
    const sealed = sealCustomer(customer, key, STREAM);
    expect(Object.keys(sealed).sort()).toEqual(['alg', 'ciphertext', 'iv', 'keyId', 'tag']);
    expect(isSealedCustomer(sealed)).toBe(true);
    const json = JSON.stringify(sealed);
    for (const value of ['测试', '13800000000', '0000', '11010119900307123X', '1101']) expect(json).not.toContain(value);
    expect(Buffer.from(sealed.iv, 'base64')).toHaveLength(12);
  });

  it('uses a fresh IV every time, so equal customers do not look equal', () => {
    const ivs = new Set(Array.from({ length: 50 }, () => sealCustomer(customer, key, STREAM).iv));
    expect(ivs.size).toBe(50);
  });

  it('refuses to open on another stream, under another key, or with any byte changed', () => {
    const sealed = sealCustomer(customer, key, STREAM);
    expect(() => unsealCustomer(sealed, key, 'complaint-c-2')).toThrow();
    expect(() => unsealCustomer(sealed, { keyId: 'k-1', key: randomBytes(32) }, STREAM)).toThrow();
    expect(() => unsealCustomer({ ...sealed, keyId: 'k-2' }, { ...key, keyId: 'k-2' }, STREAM)).toThrow();
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] ^= 1;
    expect(() => unsealCustomer({ ...sealed, ciphertext: flipped.toString('base64') }, key, STREAM)).toThrow();
  });

  it('recognises only the sealed form', () => {
    expect(isSealedCustomer(customer)).toBe(false);
    expect(isSealedCustomer(null)).toBe(false);
    expect(isSealedCustomer({ keyId: 'k', alg: 'A128GCM', iv: '', ciphertext: '', tag: '' })).toBe(false);
  });
});
