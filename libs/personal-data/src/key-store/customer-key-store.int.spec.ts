import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customerSubject, type CustomerKeyStore } from './customer-key-store';
import { EnvelopeCustomerKeyStore, parseMasterKey } from './envelope';
import { InMemoryCustomerKeyRows } from './in-memory-customer-key-rows';
import { SqliteCustomerKeyRows } from './sqlite-customer-key-rows';

const ID_NUMBER = '11010119900307123X';
const PHONE = '13800000000';

type Adapter = { name: string; open(master: Buffer): CustomerKeyStore; sharesAcrossOpenings: boolean };

const dir = mkdtempSync(join(tmpdir(), 'duban-keys-'));
const file = join(dir, 'customer-keys.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADAPTERS: Adapter[] = [
  { name: 'in memory', open: (master) => new EnvelopeCustomerKeyStore(master, new InMemoryCustomerKeyRows()), sharesAcrossOpenings: false },
  { name: 'SQLite', open: (master) => new EnvelopeCustomerKeyStore(master, new SqliteCustomerKeyRows(file)), sharesAcrossOpenings: true },
];

describe.each(ADAPTERS)('customer key store ($name)', ({ open, sharesAcrossOpenings }) => {
  const master = randomBytes(32);
  let keys: CustomerKeyStore;
  beforeEach(() => (keys = open(master)));
  afterEach(() => keys.close());

  it('gives one key per ID number, however it is written, else per phone', async () => {
    const byId = await keys.keyFor(customerSubject({ idNumber: ID_NUMBER, phone: null }));
    expect(byId.key).toHaveLength(32);
    expect((await keys.keyFor(customerSubject({ idNumber: ' 110101-19900307123x', phone: '13900000000' }))).keyId).toBe(byId.keyId);
    const byPhone = await keys.keyFor(customerSubject({ idNumber: null, phone: PHONE }));
    expect(byPhone.keyId).not.toBe(byId.keyId);
    expect((await keys.keyFor(customerSubject({ idNumber: null, phone: '+86 138-0000-0000' }))).keyId).toBe(byPhone.keyId);
  });

  it('gives a new key to every customer without ID number or phone', async () => {
    const first = await keys.keyFor(customerSubject({ idNumber: null, phone: null }));
    const second = await keys.keyFor(null);
    expect(first.keyId).not.toBe(second.keyId);
    expect(first.key.equals(second.key)).toBe(false);
  });

  it('fetches a key by id, and null once it is destroyed, idempotently', async () => {
    const key = await keys.keyFor(customerSubject({ idNumber: 'G12345678', phone: null }));
    expect((await keys.keyById(key.keyId))?.key.equals(key.key)).toBe(true);
    await keys.destroy(key.keyId);
    await keys.destroy(key.keyId);
    expect(await keys.keyById(key.keyId)).toBeNull();
    // The subject row went with it: the same customer now gets a fresh key.
    expect((await keys.keyFor(customerSubject({ idNumber: 'G12345678', phone: null }))).keyId).not.toBe(key.keyId);
    expect(await keys.keyById('no-such-key')).toBeNull();
  });

  it('fingerprints values under the master key: stable, distinct, and not the value', async () => {
    const fingerprint = keys.fingerprint(ID_NUMBER);
    expect(keys.fingerprint(ID_NUMBER)).toBe(fingerprint);
    expect(keys.fingerprint(PHONE)).not.toBe(fingerprint);
    expect(fingerprint).not.toContain(ID_NUMBER);
    const other = open(randomBytes(32));
    try {
      expect(other.fingerprint(ID_NUMBER)).not.toBe(fingerprint);
    } finally {
      await other.close();
    }
  });

  if (sharesAcrossOpenings) {
    it('is shared by every connection that opens the file (API instances, worker, CLI), and useless under another master key', async () => {
      const key = await keys.keyFor(customerSubject({ idNumber: '220101199001011234', phone: null }));
      const other = open(master);
      try {
        expect((await other.keyById(key.keyId))?.key.equals(key.key)).toBe(true);
        expect((await other.keyFor(customerSubject({ idNumber: '220101199001011234', phone: null }))).keyId).toBe(key.keyId);
      } finally {
        await other.close();
      }
      const stranger = open(randomBytes(32));
      try {
        await expect(stranger.keyById(key.keyId)).rejects.toThrow();
      } finally {
        await stranger.close();
      }
    });

    it('holds neither the raw keys nor the subjects in its file, and zeroes a destroyed key', async () => {
      const subject = '330101199001011234';
      const key = await keys.keyFor(customerSubject({ idNumber: subject, phone: null }));
      const bytes = (): Buffer => Buffer.concat([file, `${file}-wal`].filter(existsSync).map((path) => readFileSync(path)));
      expect(bytes().includes(key.key)).toBe(false);
      expect(bytes().includes(Buffer.from(subject))).toBe(false);
      expect(bytes().includes(Buffer.from(key.keyId))).toBe(true);
      await keys.destroy(key.keyId);
      expect(bytes().includes(Buffer.from(key.keyId))).toBe(false);
    });
  }
});

describe('parseMasterKey', () => {
  it('reads 32 bytes as hex or base64 and refuses anything else', () => {
    const raw = randomBytes(32);
    expect(parseMasterKey(raw.toString('hex')).equals(raw)).toBe(true);
    expect(parseMasterKey(raw.toString('base64')).equals(raw)).toBe(true);
    expect(() => parseMasterKey(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => parseMasterKey('not a key')).toThrow(/32 bytes/);
  });
});
