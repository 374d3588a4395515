import { startApiTestApp, type ApiClient, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, registerComplaint } from '../support/demo-requests';

/** Refusals answer in the language Accept-Language asks for: zh-CN by default, English for en*, fields named by their labels. */
describe('Problem answers in Chinese and English', () => {
  let api: ApiTestApp;
  let handler: ApiClient;

  beforeAll(async () => {
    api = await startApiTestApp();
    handler = await api.as('handler.haicheng');
    // Starting the app takes seconds on a busy machine.
  }, 60_000);
  afterAll(() => api.close());

  const withoutText = complaintBody({ description: '' });

  it('names a bad field by its label in Chinese by default, saying the language and that it varies', async () => {
    const response = await handler.post('/complaints', withoutText).expect(400);
    expect(response.headers['content-language']).toBe('zh-CN');
    expect(response.headers.vary).toMatch(/Accept-Language/i);
    expect(response.body).toMatchObject({ title: '请求有误', detail: '「投诉内容」不能为空' });
    expect(response.body.errors).toEqual([{ field: 'description', rule: 'isNotEmpty', label: '投诉内容', message: '「投诉内容」不能为空' }]);
  });

  it.each([
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0.2, zh-CN;q=0.9', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['de', 'zh-CN'],
  ])('answers Accept-Language %s in %s', async (acceptLanguage, language) => {
    const response = await handler.post('/complaints', withoutText).set('Accept-Language', acceptLanguage).expect(400);
    expect(response.headers['content-language']).toBe(language);
    expect(response.body.errors[0].label).toBe(language === 'en' ? 'complaint text' : '投诉内容');
  });

  it('words every rule and its arguments in English for en, nested fields too', async () => {
    const body = complaintBody({ description: 'x'.repeat(4001), customer: { name: '' }, channel: 'pigeon' });
    const response = await handler.post('/complaints', body).set('Accept-Language', 'en').expect(400);
    expect(response.body.title).toBe('Bad Request');
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'description', rule: 'maxLength', label: 'complaint text', message: '"complaint text" must be at most 4000 characters' },
        { field: 'customer.name', rule: 'isNotEmpty', label: 'customer name', message: '"customer name" must not be empty' },
        expect.objectContaining({ field: 'channel', rule: 'isIn', label: 'channel', message: expect.stringMatching(/^"channel" must be one of: .*hotline/) }),
      ]),
    );
    const unknown = await handler.post('/complaints', { ...complaintBody(), colour: 'red' }).expect(400);
    expect(unknown.body.errors).toEqual([{ field: 'colour', rule: 'whitelistValidation', label: 'colour', message: '本请求没有「colour」这一字段' }]);
  });

  it('refuses a command the state does not allow with allowedCommands, in both languages', async () => {
    const id = await registerComplaint(handler);
    const zh = await handler.post(`/complaints/${id}/verify`, { satisfied: true }).expect(409);
    expect(zh.body).toMatchObject({ title: '与当前状态冲突', state: 'received', allowedCommands: expect.arrayContaining(['add-note', 'reply']) });
    expect(zh.body.detail).toMatch(/^投诉处于「received」状态，不能执行「verify」；现在可执行：.*add-note、/);
    const en = await handler.post(`/complaints/${id}/verify`, { satisfied: true }).set('Accept-Language', 'en').expect(409);
    expect(en.body).toMatchObject({ title: 'Conflict', allowedCommands: zh.body.allowedCommands });
    expect(en.body.detail).toMatch(/allowed now: .*add-note, /);
  });

  it('answers a stale If-Match with currentRevision, and 401 and 404, in both languages', async () => {
    const id = await registerComplaint(handler);
    await handler.post(`/complaints/${id}/notes`, { text: '已联系客户' }).expect(200);
    const stale = await handler.post(`/complaints/${id}/notes`, { text: '再次联系' }).set('If-Match', '"0"').expect(412);
    expect(stale.body).toMatchObject({ title: '版本已变化', currentRevision: 1, expectedRevision: 0, detail: expect.stringContaining('当前版本为 1') });
    const staleEn = await handler.post(`/complaints/${id}/notes`, { text: '再次联系' }).set('If-Match', '"0"').set('Accept-Language', 'en').expect(412);
    expect(staleEn.body).toMatchObject({ title: 'Precondition Failed', currentRevision: 1, detail: expect.stringContaining('is at revision 1, not 0') });

    const anonymous = await api.anonymous().get('/complaints').expect(401);
    expect(anonymous.body).toMatchObject({ title: '未登录或登录已失效', detail: expect.stringContaining('请先登录') });
    expect((await api.anonymous().get('/complaints').set('Accept-Language', 'en').expect(401)).body.detail).toMatch(/^Sign in first/);

    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await handler.get(`/complaints/${missing}`).expect(404)).body.detail).toBe(`您的辖区内没有投诉 ${missing}。`);
    expect((await handler.get(`/complaints/${missing}`).set('Accept-Language', 'en').expect(404)).body.detail).toBe(`No complaint ${missing} in your area of responsibility.`);
  });
});
