import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';

/** The API serves the built web console at `/` and `/assets/*` and nothing else of it. */
describe('web console served by the API', () => {
  const consoleDir = mkdtempSync(join(tmpdir(), 'duban-console-'));
  let api: ApiTestApp;

  beforeAll(async () => {
    mkdirSync(join(consoleDir, 'assets'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>督办</title>');
    writeFileSync(join(consoleDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    api = await startApiTestApp({ env: { CONSOLE_DIR: consoleDir } });
  });

  afterAll(async () => {
    await api.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('answers GET / with the console page under a strict content security policy', async () => {
    const response = await api.anonymous().get('/').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('督办');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('serves hashed assets as immutable and leaves a missing one to the API problem+json 404', async () => {
    const asset = await api.anonymous().get('/assets/index-abc123.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await api.anonymous().get('/assets/nothing.js').expect(404);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(missing.body.instance).toBe('/assets/nothing.js');
  });

  it('leaves every API route as it was', async () => {
    const unauthenticated = await api.anonymous().get('/complaints').expect(401);
    expect(unauthenticated.headers['content-type']).toMatch(/application\/problem\+json/);
    await api.anonymous().post('/').send({}).expect(404);
    await (await api.as('handler.haicheng')).get('/queues/mine').expect(200);
  });

  it('says how to build the console when it is not built', async () => {
    rmSync(join(consoleDir, 'index.html'));
    const response = await api.anonymous().get('/').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.text).toContain('npm run build');
  });
});
