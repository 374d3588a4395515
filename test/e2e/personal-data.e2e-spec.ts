import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestHash } from '@duban/command-handling';
import { CaseCommandHandler, COMPLAINTS, workflowOrgTree, type CommandRequest } from '@duban/cases';
import { resolveCustomerDataMasterKey } from '@duban/config';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@duban/event-store';
import { OrgTree } from '@duban/identity';
import { EnvelopeCustomerKeyStore, isSealedCustomer, parseMasterKey, SqliteCustomerKeyRows, type SealedCustomer } from '@duban/personal-data';
import { runCli } from '../../apps/cli/src/cli';
import { startApiTestApp, type ApiClient, type ApiTestApp, type DemoUser } from '../support/api-test-app';
import { complaintBody, HAICHENG_OUTLET } from '../support/demo-requests';

// Invented values, distinctive enough to grep for.
const NAME = '测试甲乙';
const PHONE = '13800000000';
const ID_NUMBER = '990101199001011234';
const CUSTOMER = { name: NAME, phone: PHONE, idNumber: ID_NUMBER };
const PLAINTEXTS = [NAME, PHONE, ID_NUMBER];

const FULL = { ...CUSTOMER, masked: false, erased: false };
const MASKED = { name: '测**', phone: '138****0000', idNumber: '990101********1234', masked: true, erased: false };
const ERASED = { name: null, phone: null, idNumber: null, masked: false, erased: true };

/** Who works the case (full data) and who checks it (masked). */
const SEES_FULL: DemoUser[] = ['handler.haicheng', 'head.haicheng', 'supervisor.anshan'];
const SEES_MASKED: DemoUser[] = ['inspector.anshan', 'auditor', 'admin'];
const EVERYONE = [...SEES_FULL, ...SEES_MASKED];

const ERASURE = { reason: '客户依法申请删除个人信息', requestReference: 'REQ-2026-0001' };

/** Every byte under the directory (SQLite files with their -wal and -shm), so nothing escapes the grep. */
function bytesUnder(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return [bytesUnder(path)];
      return [readFileSync(path)];
    }),
  );
}

const bytesOf = (...files: string[]): Buffer =>
  Buffer.concat(
    files
      .flatMap((file) => [file, `${file}-wal`])
      .filter(existsSync)
      .map((path) => readFileSync(path)),
  );

describe('Customer personal data: sealed in events, disclosed by role, erasable by crypto-shredding', () => {
  let api: ApiTestApp;
  let store: EventStore;
  let handler: ApiClient;
  let admin: ApiClient;

  const historyOf = (id: string): Promise<RecordedEvent[]> => store.readStream(`complaint-${id}`);
  const register = async (customer: object = CUSTOMER, key?: string): Promise<string> => {
    const request = handler.post('/complaints', complaintBody({ customer }));
    const response = await (key === undefined ? request : request.set('Idempotency-Key', key));
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const customerSeenBy = async (user: DemoUser, path: string): Promise<unknown> => (await (await api.as(user)).get(path).expect(200)).body.customer;

  beforeAll(async () => {
    api = await startApiTestApp();
    store = api.app.get<EventStore>(EVENT_STORE);
    handler = await api.as('handler.haicheng');
    admin = await api.as('admin');
  }, 60_000);
  afterAll(() => api.close());

  describe('sealing', () => {
    it('stores only the sealed form: no name, phone or ID number in any file of DATA_DIR, WAL included', async () => {
      const id = await register();
      const [registered] = await historyOf(id);
      const stored = registered.data.customer as SealedCustomer;
      expect(isSealedCustomer(stored)).toBe(true);
      expect(Object.keys(stored).sort()).toEqual(['alg', 'ciphertext', 'iv', 'keyId', 'tag']);
      const everything = bytesUnder(api.config.dataDir);
      expect(everything.length).toBeGreaterThan(0);
      for (const plaintext of [...PLAINTEXTS, MASKED.name, MASKED.phone, MASKED.idNumber]) expect(everything.includes(Buffer.from(plaintext, 'utf8'))).toBe(false);
      // The grep itself works: the description, which is not personal data, is there in UTF-8.
      expect(everything.includes(Buffer.from('柜员态度冷漠', 'utf8'))).toBe(true);
    });

    it('gives one key to one customer (by ID number) and binds each ciphertext to its own case', async () => {
      const first = await register();
      const second = await register({ name: '另一个名字', idNumber: ID_NUMBER });
      const stranger = await register({ name: '测试丙丁', phone: '13900000000' });
      const keyOf = async (id: string) => ((await historyOf(id))[0].data.customer as SealedCustomer).keyId;
      expect(await keyOf(second)).toBe(await keyOf(first));
      expect(await keyOf(stranger)).not.toBe(await keyOf(first));
      // A ciphertext moved into another case does not open there.
      const keys = new EnvelopeCustomerKeyStore(parseMasterKey(resolveCustomerDataMasterKey(api.config)), new SqliteCustomerKeyRows(api.config.customerKeysFile));
      try {
        const { unsealCustomer } = await import('@duban/personal-data');
        const sealed = (await historyOf(first))[0].data.customer as SealedCustomer;
        const key = (await keys.keyById(sealed.keyId))!;
        expect(unsealCustomer(sealed, key, `complaint-${first}`)).toEqual(CUSTOMER);
        expect(() => unsealCustomer(sealed, key, `complaint-${second}`)).toThrow();
      } finally {
        await keys.close();
      }
    });

    it('answers an idempotent retry the same and records once, keeping a request hash that confirms no guess', async () => {
      const id = await register(CUSTOMER, 'pii-retry-1');
      const again = await handler
        .post('/complaints', complaintBody({ customer: CUSTOMER }))
        .set('Idempotency-Key', 'pii-retry-1')
        .expect(201);
      expect(again.body).toMatchObject({ id, customer: FULL, revision: 0 });
      const events = await historyOf(id);
      expect(events).toHaveLength(1);
      const stored = events[0].metadata.requestHash;
      expect(typeof stored).toBe('string');
      // Whoever guesses the whole request cannot check the guess against the stored hash.
      expect(stored).not.toBe(requestHash('POST /complaints', complaintBody({ customer: CUSTOMER })));
      const otherCustomer = await handler.post('/complaints', complaintBody({ customer: { ...CUSTOMER, name: '测试丙丁' } })).set('Idempotency-Key', 'pii-retry-1');
      expect(otherCustomer.status).toBe(422);
    });
  });

  describe('disclosure by role', () => {
    let id: string;
    beforeAll(async () => {
      id = await register();
    });

    it.each(SEES_FULL)('shows %s, who works the case, the customer in full', async (user) => {
      expect(await customerSeenBy(user, `/complaints/${id}`)).toEqual(FULL);
    });

    it.each(SEES_MASKED)('shows %s the masked customer, in the view, the past, the history and the audit pack', async (user) => {
      expect(await customerSeenBy(user, `/complaints/${id}`)).toEqual(MASKED);
      expect(await customerSeenBy(user, `/complaints/${id}/state?revision=0`)).toEqual(MASKED);
      const client = await api.as(user);
      const history = await client.get(`/complaints/${id}/history`).expect(200);
      expect(history.body.items[0].data.customer).toEqual(MASKED);
      const bodies = [history.text, (await client.get(`/complaints/${id}`)).text];
      if (user === 'auditor') {
        const pack = await client.get(`/complaints/${id}/audit-pack`);
        expect(pack.status).toBe(200);
        expect(pack.body.events[0].data.customer).toEqual(MASKED);
        expect(pack.body.steps[0].view.customer).toEqual(MASKED);
        bodies.push(pack.text);
      }
      for (const body of bodies) for (const plaintext of PLAINTEXTS) expect(body).not.toContain(plaintext);
    });

    it('shows the handler the registration in full in the history, never the sealed form', async () => {
      const history = await handler.get(`/complaints/${id}/history`).expect(200);
      expect(history.body.items[0].data.customer).toEqual(FULL);
      expect(history.text).not.toContain('ciphertext');
    });
  });

  describe('a record from before sealing (legacy plain customer)', () => {
    // Its own values: this plaintext is in the event log for good, which is what sealing prevents.
    const LEGACY = { name: '测试旧档', phone: '13700000000', idNumber: null };
    let id: string;
    beforeAll(async () => {
      // What the command handler wrote before this feature: no sealing hook.
      const unsealing = new CaseCommandHandler(store, api.clock, workflowOrgTree(api.app.get(OrgTree)));
      id = '00000000-0000-4000-8000-00000000a11e';
      const request: CommandRequest = { actor: { id: 'handler.haicheng', role: 'handler', unitId: HAICHENG_OUTLET }, correlationId: 'legacy', causationId: 'legacy' };
      const command = {
        type: 'register',
        complaintId: id,
        channel: 'walk_in',
        caseType: 'complaint',
        category: 'attitude',
        customer: { name: LEGACY.name, phone: LEGACY.phone },
        description: '排队时间过长',
        unitId: HAICHENG_OUTLET,
        receivedAt: api.clock.now().toISOString(),
        priority: 'normal',
      } as const;
      await unsealing.execute(COMPLAINTS, id, command, request);
      expect((await historyOf(id))[0].data.customer).toEqual(LEGACY);
    });

    it('still folds and shows, masked for the masked roles', async () => {
      expect(await customerSeenBy('handler.haicheng', `/complaints/${id}`)).toEqual({ ...LEGACY, masked: false, erased: false });
      expect(await customerSeenBy('auditor', `/complaints/${id}`)).toEqual({ name: '测**', phone: '137****0000', idNumber: null, masked: true, erased: false });
    });

    it('records an erasure without a key and shows the erased marker to everyone, in the past too', async () => {
      const erased = await admin.post(`/complaints/${id}/customer/erasure`, ERASURE).expect(200);
      expect(erased.body.customerErasure).toMatchObject({ keyId: null, ...ERASURE, actorId: 'admin' });
      for (const user of EVERYONE) {
        expect(await customerSeenBy(user, `/complaints/${id}`)).toEqual(ERASED);
        expect(await customerSeenBy(user, `/complaints/${id}/state?revision=0`)).toEqual(ERASED);
      }
    });
  });

  describe('erasure on a lawful request', () => {
    let id: string;
    let sameCustomer: string;
    let keyId: string;
    let wrappedKey: Buffer;

    beforeAll(async () => {
      id = await register();
      sameCustomer = await register();
      await handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已电话解释', channel: 'phone' }).expect(200);
      keyId = ((await historyOf(id))[0].data.customer as SealedCustomer).keyId;
      const rows = new SqliteCustomerKeyRows(api.config.customerKeysFile);
      wrappedKey = Buffer.from(rows.byId(keyId)!.wrappedKey);
      rows.close();
      expect(bytesOf(api.config.customerKeysFile).includes(wrappedKey)).toBe(true);
    });

    it('is for admins only, and names a missing field', async () => {
      expect((await handler.post(`/complaints/${id}/customer/erasure`, ERASURE)).status).toBe(403);
      expect((await (await api.as('auditor')).post(`/complaints/${id}/customer/erasure`, ERASURE)).status).toBe(403);
      const invalid = await admin.post(`/complaints/${id}/customer/erasure`, { reason: ERASURE.reason });
      expect(invalid.status).toBe(400);
      expect(JSON.stringify(invalid.body)).toContain('requestReference');
      expect((await historyOf(id)).map((event) => event.type)).toEqual(['ComplaintRegistered', 'ComplaintReplied']);
    });

    it('records the fact, destroys the key, and answers a retry the same without recording twice', async () => {
      const first = await admin.post(`/complaints/${id}/customer/erasure`, ERASURE).set('Idempotency-Key', 'erase-1').expect(200);
      expect(first.body).toMatchObject({ state: 'replied', customer: ERASED, customerErasure: { keyId, ...ERASURE, actorId: 'admin' } });
      const retry = await admin.post(`/complaints/${id}/customer/erasure`, ERASURE).set('Idempotency-Key', 'erase-1').expect(200);
      expect(retry.body).toEqual(first.body);
      const again = await admin.post(`/complaints/${id}/customer/erasure`, ERASURE).expect(200);
      expect(again.body.revision).toBe(first.body.revision);
      const events = await historyOf(id);
      expect(events.map((event) => event.type)).toEqual(['ComplaintRegistered', 'ComplaintReplied', 'CustomerDataErased']);
      expect(JSON.stringify(events[2].data)).not.toMatch(new RegExp(PLAINTEXTS.join('|')));
    });

    it('shows the erased marker to every role, in the view, the past and the history, in every case of that customer', async () => {
      for (const user of EVERYONE) {
        expect(await customerSeenBy(user, `/complaints/${id}`)).toEqual(ERASED);
        expect(await customerSeenBy(user, `/complaints/${id}/state?revision=0`)).toEqual(ERASED);
        expect(await customerSeenBy(user, `/complaints/${sameCustomer}`)).toEqual(ERASED);
        const history = await (await api.as(user)).get(`/complaints/${id}/history`).expect(200);
        expect(history.body.items[0].data.customer).toEqual(ERASED);
        expect(history.body.items[2]).toMatchObject({ type: 'CustomerDataErased', summary: { en: expect.stringContaining(ERASURE.requestReference) } });
      }
    });

    it('keeps the case working: the follow-up and the sign-off still go through', async () => {
      const head = await api.as('head.haicheng');
      await head.post(`/complaints/${id}/verify`, { satisfied: true }).expect(200);
      const closed = await head.post(`/complaints/${id}/close`).expect(200);
      expect(closed.body).toMatchObject({ state: 'closed', customer: ERASED, allowedCommands: [] });
    });

    it('keeps the chain intact (API and CLI verify), and replay and projection rebuild succeed', async () => {
      expect((await (await api.as('auditor')).get(`/complaints/${id}/verify`).expect(200)).body).toMatchObject({ valid: true });
      // A copy of the event log, so the CLI can rebuild read models without touching the running API's.
      const copy = mkdtempSync(join(tmpdir(), 'duban-pii-cli-'));
      try {
        for (const suffix of ['', '-wal']) {
          if (existsSync(`${api.config.sqliteFile}${suffix}`)) copyFileSync(`${api.config.sqliteFile}${suffix}`, join(copy, `events.sqlite${suffix}`));
        }
        const stderr: string[] = [];
        const output = { stdout: { write: () => true }, stderr: { write: (text: string) => stderr.push(text) } };
        const env = { DATA_DIR: copy, NODE_ENV: 'test', SQLITE_SYNCHRONOUS: 'NORMAL' };
        expect(await runCli(['verify'], env, output)).toBe(0);
        expect(await runCli(['rebuild-projections'], env, output)).toBe(0);
        expect(await runCli(['replay-check'], env, output)).toBe(0);
        expect(stderr.at(-1)).toMatch(/0 differences/);
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    });

    it('leaves nothing in the raw files that reads the name: no plaintext, and the wrapped key is gone even with the master key at hand', async () => {
      const eventBytes = bytesOf(api.config.sqliteFile);
      const keyBytes = bytesOf(api.config.customerKeysFile);
      for (const plaintext of PLAINTEXTS) {
        expect(eventBytes.includes(Buffer.from(plaintext, 'utf8'))).toBe(false);
        expect(keyBytes.includes(Buffer.from(plaintext, 'utf8'))).toBe(false);
      }
      expect(keyBytes.includes(wrappedKey)).toBe(false);
      expect(keyBytes.includes(Buffer.from(keyId))).toBe(false);
      const keys = new EnvelopeCustomerKeyStore(parseMasterKey(resolveCustomerDataMasterKey(api.config)), new SqliteCustomerKeyRows(api.config.customerKeysFile));
      try {
        expect(await keys.keyById(keyId)).toBeNull();
      } finally {
        await keys.close();
      }
    });
  });

  it('finishes an erasure interrupted between recording it and destroying the key', async () => {
    const id = await register({ name: '测试戊己', idNumber: '990101199001015678' });
    const keyId = ((await historyOf(id))[0].data.customer as SealedCustomer).keyId;
    // The crash: the fact is recorded (as the endpoint does first), the key is not destroyed.
    const request: CommandRequest = { actor: { id: 'admin', role: 'admin', unitId: 'hq' }, correlationId: 'crash', causationId: 'crash' };
    await api.app.get(CaseCommandHandler).execute(COMPLAINTS, id, { type: 'erase-customer-data', ...ERASURE }, request);
    const keys = new EnvelopeCustomerKeyStore(parseMasterKey(resolveCustomerDataMasterKey(api.config)), new SqliteCustomerKeyRows(api.config.customerKeysFile));
    try {
      expect(await keys.keyById(keyId)).not.toBeNull();
      // Already honoured by every view: the record says erased.
      expect(await customerSeenBy('handler.haicheng', `/complaints/${id}`)).toEqual(ERASED);
      await admin.post(`/complaints/${id}/customer/erasure`, ERASURE).expect(200);
      expect(await keys.keyById(keyId)).toBeNull();
      expect((await historyOf(id)).filter((event) => event.type === 'CustomerDataErased')).toHaveLength(1);
    } finally {
      await keys.close();
    }
  });
});
