/*
 * Writes the API's OpenAPI document to the file named by the first argument, for `npm run lint:openapi`:
 * node test/support/ts-node-launcher.js apps/api/src/openapi/write-api-document.ts <file.json>
 * The app is built (over a throwaway DATA_DIR) but never listens.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '@duban/config';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ApiModule } from '../api.module';
import { configureApiApp } from '../configure-api-app';
import { buildApiDocument } from './api-document';

async function writeApiDocument(file: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'duban-openapi-'));
  try {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, REDIS_AUTOSTART: 'false' });
    const app = configureApiApp(await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bodyParser: false, logger: ['error'] }));
    await app.init();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(buildApiDocument(app), null, 2)}\n`);
    await app.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: write-api-document.ts <file.json>\n');
  process.exit(2);
}
writeApiDocument(file).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
