#!/usr/bin/env node
// Runs the whole system on the embedded default: seeds the demo data once per data directory
// (scripts/demo-seed/seed-demo.ts: a quarter of two branches, entered through an API instance whose
// clock it moves through the quarter), then starts the API and the worker, which breaches and
// escalates what the quarter left overdue. Ctrl-C stops everything.
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const port = process.env.PORT ?? '3000';
const baseUrl = `http://127.0.0.1:${port}`;
const env = { ...process.env, PORT: port, DATA_DIR: process.env.DATA_DIR ?? `${root}data` };
const children = [];

function start(name, script) {
  const child = spawn(process.execPath, [script], { cwd: root, env, stdio: 'inherit' });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[demo] ${name} stopped (${signal ?? `exit ${code}`}); stopping the demo.`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitUntilReady(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the API did not become ready at ${baseUrl} within ${timeoutMs / 1000} s`);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3_000).unref();
  Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve))))).then(() => process.exit(code));
}
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));

const seed = spawn(process.execPath, ['test/support/ts-node-launcher.js', 'scripts/demo-seed/seed-demo.ts'], { cwd: root, env, stdio: 'inherit' });
const seedCode = await new Promise((resolve) => seed.once('exit', resolve));
if (seedCode !== 0) console.error('[demo] seeding the demo data failed; the system runs without it (see above).');
start('api', 'dist/apps/api/main.js');
await waitUntilReady();
start('worker', 'dist/apps/worker/main.js');
console.log(`
  Duban is running on the embedded store (data in ${env.DATA_DIR}).
    Console:   ${baseUrl}/   (web console, zh-CN; English switch at the top right)
    API:       ${baseUrl}
    API docs:  ${baseUrl}/docs
    Health:    ${baseUrl}/health/ready
  Sign in (console, or POST /auth/token) as handler.haicheng, head.haicheng, supervisor.anshan,
  inspector.anshan, supervisor.suizhou, supervisor.hq or auditor (password: ${process.env.DEMO_PASSWORD ? '$DEMO_PASSWORD' : 'demo-password'}).
  Press Ctrl-C to stop.
`);
