import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { DEMO_PASSWORD, startApiTestApp, type ApiClient, type ApiTestApp, type DemoUser } from '../support/api-test-app';
import { registerComplaint } from '../support/demo-requests';

const MAX_BYTES = 4096;
const LETTER = Buffer.from('%PDF-1.7\n投诉信函：客户陈某于营业厅反映柜员态度问题。\n%%EOF\n');
const NOTE = Buffer.from('2025-03-01 10:00-10:30 监控显示柜员未起身迎客。\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const LETTER_QUERY = { fileName: '投诉信函 2025.pdf', evidenceKind: 'letter_scan', personalData: 'true' };
const NOTE_QUERY = { fileName: '监控调阅记录.txt', evidenceKind: 'cctv_note', personalData: 'false' };

/** Supertest gathers a binary answer into a Buffer only when asked to; problems stay JSON for the contract check. */
const bytesOrProblem = (response: request.Response, callback: (error: Error | null, body: unknown) => void): void => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => {
    const body = Buffer.concat(chunks);
    callback(null, String(response.headers['content-type']).includes('json') ? JSON.parse(body.toString()) : body);
  });
};
const USERS: DemoUser[] = ['handler.haicheng', 'head.haicheng', 'handler.zengdu', 'inspector.anshan', 'auditor'];

describe('Evidence on file: upload, download, verification, erasure, limits and access', () => {
  let api: ApiTestApp;
  let store: EventStore;
  let handler: ApiClient;
  const tokens = new Map<DemoUser, string>();

  const bearer = (user: DemoUser): string => `Bearer ${tokens.get(user)!}`;
  const upload = (id: string, bytes: Buffer, contentType: string, query: Record<string, string>, user: DemoUser = 'handler.haicheng', key?: string): request.Test => {
    let call = api.anonymous().post(`/complaints/${id}/attachments`).query(query).set('Authorization', bearer(user)).set('Content-Type', contentType);
    if (key !== undefined) call = call.set('Idempotency-Key', key);
    return call.send(bytes);
  };
  const download = (id: string, hash: string, user: DemoUser = 'handler.haicheng'): request.Test =>
    api.anonymous().get(`/complaints/${id}/attachments/${hash}`).set('Authorization', bearer(user)).buffer(true).parse(bytesOrProblem);
  const fileOf = (id: string, hash: string): string => join(api.config.attachmentsDir, `complaint-${id}`, hash.slice(0, 2), hash);
  const eventsOf = async (id: string) => (await store.readStream(`complaint-${id}`)).map((event) => event.type);

  beforeAll(async () => {
    api = await startApiTestApp({ env: { ATTACHMENT_MAX_BYTES: String(MAX_BYTES) } });
    store = api.app.get<EventStore>(EVENT_STORE);
    handler = await api.as('handler.haicheng');
    for (const user of USERS)
      tokens.set(user, (await api.anonymous().post('/auth/token').send({ username: user, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string);
  }, 60_000);
  afterAll(() => api.close());

  it('files a letter scan: the event records hash, size, type, name, kind and the personal-data mark; the view lists it', async () => {
    const id = await registerComplaint(handler);
    const response = await upload(id, LETTER, 'application/pdf', LETTER_QUERY).expect(200);
    expect(response.body.allowedCommands).toContain('attach-evidence');
    expect(response.body.attachments).toEqual([
      {
        sha256: sha256(LETTER),
        size: LETTER.length,
        contentType: 'application/pdf',
        fileName: '投诉信函 2025.pdf',
        evidenceKind: 'letter_scan',
        personalData: true,
        erased: false,
        occurredAt: expect.any(String),
        actorId: 'handler.haicheng',
      },
    ]);
    expect(readFileSync(fileOf(id, sha256(LETTER)))).toEqual(LETTER);
    const history = (await handler.get(`/complaints/${id}/history`).expect(200)).body.items;
    expect(history.at(-1)).toMatchObject({ type: 'EvidenceAttached', summary: { zh: `存档信函扫描件（application/pdf，${LETTER.length} 字节，含个人信息）` } });
  });

  it('serves the bytes as recorded, with Content-Type, an RFC 6266 UTF-8 file name and the hash as ETag', async () => {
    const id = await registerComplaint(handler);
    await upload(id, LETTER, 'application/pdf', LETTER_QUERY).expect(200);
    await upload(id, NOTE, 'text/plain; charset=utf-8', NOTE_QUERY).expect(200);
    const letter = await download(id, sha256(LETTER)).expect(200);
    expect(letter.body).toEqual(LETTER);
    expect(letter.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="____ 2025.pdf"; filename*=UTF-8''%E6%8A%95%E8%AF%89%E4%BF%A1%E5%87%BD%202025.pdf`,
      etag: `"${sha256(LETTER)}"`,
      'x-content-type-options': 'nosniff',
    });
    const note = await download(id, sha256(NOTE)).expect(200);
    expect(note.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(note.body).toEqual(NOTE);
    await download(id, sha256(LETTER))
      .set('If-None-Match', `"${sha256(LETTER)}"`)
      .expect(304);
    expect((await download(id, 'f'.repeat(64)).expect(404)).body.type).toContain('attachment-not-found');
  });

  it('records a retried upload once: the same Idempotency-Key replays, the same bytes again record nothing', async () => {
    const id = await registerComplaint(handler);
    const first = await upload(id, LETTER, 'application/pdf', LETTER_QUERY, 'handler.haicheng', 'upload-1').expect(200);
    const replay = await upload(id, LETTER, 'application/pdf', LETTER_QUERY, 'handler.haicheng', 'upload-1').expect(200);
    expect(replay.body).toEqual(first.body);
    await upload(id, LETTER, 'application/pdf', { ...LETTER_QUERY, fileName: 'copy.pdf' }, 'head.haicheng').expect(200);
    await upload(id, NOTE, 'text/plain', NOTE_QUERY, 'handler.haicheng', 'upload-1').expect(422);
    expect((await eventsOf(id)).filter((type) => type === 'EvidenceAttached')).toHaveLength(1);
  });

  it('refuses a type outside the allow-list (415), content that is not its type (415) and a file over the limit (413), storing nothing', async () => {
    const id = await registerComplaint(handler);
    const refusals = [
      await upload(id, Buffer.from('PK\u0003\u0004'), 'application/zip', LETTER_QUERY),
      await upload(id, PNG, 'application/pdf', LETTER_QUERY),
      await upload(id, Buffer.from([0xc3, 0x28]), 'text/plain', NOTE_QUERY),
      await upload(id, Buffer.concat([LETTER, Buffer.alloc(MAX_BYTES)]), 'application/pdf', LETTER_QUERY),
    ];
    expect(refusals.map((response) => [response.status, response.body.type])).toEqual([
      [415, expect.stringContaining('unsupported-media-type')],
      [415, expect.stringContaining('unsupported-media-type')],
      [415, expect.stringContaining('unsupported-media-type')],
      [413, expect.stringContaining('payload-too-large')],
    ]);
    expect(refusals[3].body.detail).toBe(`附件最大 ${MAX_BYTES} 字节。`);
    expect(refusals[0].body.detail).toContain('application/pdf, image/jpeg, image/png, image/tiff, text/plain');
    const missingName = await upload(id, LETTER, 'application/pdf', { evidenceKind: 'letter_scan', personalData: 'true' });
    expect(missingName.status).toBe(400);
    expect(JSON.stringify(missingName.body)).toContain('fileName');
    expect(await eventsOf(id)).toEqual(['ComplaintRegistered']);
    expect(existsSync(join(api.config.attachmentsDir, `complaint-${id}`))).toBe(false);
  });

  it('takes evidence from case workers in scope while the case is open, and from nobody else', async () => {
    const id = await registerComplaint(handler);
    expect((await upload(id, LETTER, 'application/pdf', LETTER_QUERY, 'auditor')).status).toBe(403);
    expect((await upload(id, LETTER, 'application/pdf', LETTER_QUERY, 'inspector.anshan')).status).toBe(403);
    expect((await upload(id, LETTER, 'application/pdf', LETTER_QUERY, 'handler.zengdu')).status).toBe(404);
    expect((await download(id, sha256(LETTER), 'handler.zengdu')).status).toBe(404);
    await handler.post(`/complaints/${id}/withdraw`, { reason: '客户撤回' }).expect(200);
    const closed = await upload(id, LETTER, 'application/pdf', LETTER_QUERY);
    expect(closed.status).toBe(409);
    expect(await eventsOf(id)).toEqual(['ComplaintRegistered', 'ComplaintWithdrawn']);
    expect(existsSync(join(api.config.attachmentsDir, `complaint-${id}`))).toBe(false);
  });

  it('verifies every file: a changed or missing file breaks the record at its event, is never served, and is logged', async () => {
    const id = await registerComplaint(handler);
    await upload(id, LETTER, 'application/pdf', LETTER_QUERY).expect(200);
    await upload(id, NOTE, 'text/plain', NOTE_QUERY).expect(200);
    const intact = (await handler.get(`/complaints/${id}/verify`).expect(200)).body;
    expect(intact).toMatchObject({
      valid: true,
      evidence: [
        { revision: 1, status: 'intact' },
        { revision: 2, status: 'intact' },
      ],
    });

    writeFileSync(fileOf(id, sha256(NOTE)), '2025-03-01 监控显示一切正常。\n');
    const logged = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const damaged = await download(id, sha256(NOTE));
    expect(damaged.status).toBe(500);
    expect(damaged.body).toMatchObject({ status: 500, type: expect.stringContaining('attachment-damaged') });
    expect(damaged.text ?? JSON.stringify(damaged.body)).not.toContain('一切正常');
    const lines = logged.mock.calls.map(([line]) => String(line));
    logged.mockRestore();
    expect(lines.some((line) => line.includes(`Evidence ${sha256(NOTE)} of complaint ${id}`) && line.includes('ERROR'))).toBe(true);
    expect((await handler.get(`/complaints/${id}/verify`).expect(200)).body).toMatchObject({
      valid: false,
      brokenAt: 2,
      reason: `the stored file ${sha256(NOTE)} no longer matches its hash`,
      evidence: [{ status: 'intact' }, { status: 'mismatch' }],
    });

    rmSync(fileOf(id, sha256(LETTER)));
    expect((await handler.get(`/complaints/${id}/verify`).expect(200)).body).toMatchObject({
      valid: false,
      brokenAt: 1,
      reason: `the file ${sha256(LETTER)} it recorded is missing`,
    });
    const pack = (await (await api.as('auditor')).get(`/complaints/${id}/audit-pack`).expect(200)).body;
    expect(pack.verification).toMatchObject({
      valid: false,
      evidence: [
        { sha256: sha256(LETTER), status: 'missing' },
        { sha256: sha256(NOTE), status: 'mismatch' },
      ],
    });
  });

  it('keeps photos on a finding too: filed by the rectifying unit, listed, downloaded, verified', async () => {
    const inspector = await api.as('inspector.anshan');
    const inspection = (await inspector.post('/inspections', { kind: 'onsite', unitId: 'anshan-haicheng-yys', scope: '柜面服务' }).expect(201)).body.id as string;
    const finding = (
      await inspector
        .post(`/inspections/${inspection}/findings`, {
          unitId: 'anshan-haicheng-yys',
          category: 'environment',
          description: '一米线未设置',
          severity: 'minor',
          mode: 'deadline',
          dueAt: '2025-04-03T00:00:00Z',
        })
        .expect(201)
    ).body.id as string;
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('一米线整改后')]);
    const filed = await api
      .anonymous()
      .post(`/findings/${finding}/attachments`)
      .query({ fileName: '一米线整改后.jpg', evidenceKind: 'photo', personalData: 'false' })
      .set('Authorization', bearer('head.haicheng'))
      .set('Content-Type', 'image/jpeg')
      .send(photo)
      .expect(200);
    expect(filed.body).toMatchObject({ kind: 'finding', attachments: [{ sha256: sha256(photo), contentType: 'image/jpeg', evidenceKind: 'photo', erased: false }] });
    const served = await api
      .anonymous()
      .get(`/findings/${finding}/attachments/${sha256(photo)}`)
      .set('Authorization', bearer('inspector.anshan'))
      .buffer(true)
      .parse(bytesOrProblem)
      .expect(200);
    expect(served.body).toEqual(photo);
    expect((await inspector.get(`/findings/${finding}/verify`).expect(200)).body).toMatchObject({ valid: true, evidence: [{ sha256: sha256(photo), status: 'intact' }] });
  });

  it("erases with the customer's data the files marked as personal data: deleted, name withheld, 410, and the record still verifies", async () => {
    const id = await registerComplaint(handler);
    await upload(id, LETTER, 'application/pdf', LETTER_QUERY).expect(200);
    await upload(id, NOTE, 'text/plain', NOTE_QUERY).expect(200);
    const admin = await api.as('admin');
    const erased = (await admin.post(`/complaints/${id}/customer/erasure`, { reason: '客户依法申请删除个人信息', requestReference: 'REQ-2025-0042' }).expect(200)).body;
    expect(erased.attachments).toEqual([
      expect.objectContaining({ sha256: sha256(LETTER), size: LETTER.length, fileName: null, erased: true }),
      expect.objectContaining({ sha256: sha256(NOTE), fileName: '监控调阅记录.txt', erased: false }),
    ]);
    expect(existsSync(fileOf(id, sha256(LETTER)))).toBe(false);
    expect(existsSync(fileOf(id, sha256(NOTE)))).toBe(true);
    expect((await download(id, sha256(LETTER))).status).toBe(410);
    await download(id, sha256(NOTE)).expect(200);
    expect((await handler.get(`/complaints/${id}/verify`).expect(200)).body).toMatchObject({ valid: true, evidence: [{ status: 'erased' }, { status: 'intact' }] });
    // The same bytes cannot come back: they are on record (erased), and nothing new may be marked personal.
    await upload(id, LETTER, 'application/pdf', LETTER_QUERY).expect(422);
    await upload(id, LETTER, 'application/pdf', { ...LETTER_QUERY, personalData: 'false' }).expect(200);
    expect(existsSync(fileOf(id, sha256(LETTER)))).toBe(false);
  });
});
