import 'reflect-metadata';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { refuseMalformedUtf8 } from '@duban/http-problem';
import { JSON_BODY_LIMIT } from '../../apps/api/src/configure-api-app';

/**
 * The HTTP benchmark's reference: NestJS on platform-express with the API's JSON body parser and one
 * POST endpoint that does nothing, so the ratio measures what Duban adds to a bare request.
 * Usage: PORT=<port> node test/support/ts-node-launcher.js bench/support/bare-nest-endpoint.ts
 */
@Controller()
class DoNothingController {
  @Post('do-nothing')
  @HttpCode(200)
  doNothing(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [DoNothingController] })
class BareModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { bodyParser: false, logger: ['error'] });
  app.use(json({ limit: JSON_BODY_LIMIT, verify: refuseMalformedUtf8 }));
  app.disable('x-powered-by');
  await app.listen(Number(process.env.PORT));
  console.log('Bare endpoint listening');
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
