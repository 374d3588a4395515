import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { static as serveStatic, type NextFunction, type Request, type RequestHandler, type Response } from 'express';

const NOT_BUILT = (dir: string): string =>
  `The Duban web console is not built (nothing at ${dir}/index.html).\n` +
  'Run `npm run build` (or `npm run build:console`), then reload this page. The API itself is running: see /docs.\n';

/**
 * The web console (apps/console, a Vite build) at `/`: only `GET /` and `/assets/*` are the
 * console's, and it routes with the URL hash, so no API path is ever shadowed. The build is looked
 * for on each request, so building it while the API runs needs no restart.
 */
export function serveConsole(consoleDir: string): RequestHandler {
  const dir = resolve(consoleDir);
  const index = join(dir, 'index.html');
  // Vite names assets by content hash: they never change under one name.
  const assets = serveStatic(join(dir, 'assets'), { index: false, immutable: true, maxAge: '365d' });
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (request.path === '/') {
      if (!existsSync(index)) return void response.status(200).type('text/plain; charset=utf-8').send(NOT_BUILT(dir));
      response.setHeader('Cache-Control', 'no-cache');
      response.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'");
      return response.sendFile(index);
    }
    if (request.path.startsWith('/assets/')) {
      // A missing asset falls through to the API's problem+json 404, under its own URL.
      const url = request.url;
      request.url = url.slice('/assets'.length);
      return void assets(request, response, () => {
        request.url = url;
        next();
      });
    }
    next();
  };
}
