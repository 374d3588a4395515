#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm packages when package-lock.json changed since the
// last install, and installs redis-server when no Redis answers and none is installed; with
// --browser (npm test), also Debian's chromium and a CJK font for the console's browser tests. Plain
// Node with no dependencies, because it runs before any package is there.
import { createHash } from 'node:crypto';
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';

const root = new URL('..', import.meta.url).pathname;
const stampFile = `${root}node_modules/.duban-install-stamp`;

function log(message) {
  console.log(`[prepare] ${message}`);
}

function installStamp() {
  return createHash('sha256')
    .update(readFileSync(`${root}package.json`))
    .update(readFileSync(`${root}package-lock.json`))
    .update(process.version)
    .digest('hex');
}

function installPackages() {
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === installStamp()) return;
  // `npm ci`: exactly the lockfile, never a rewrite of it.
  log('installing npm packages…');
  execSync('npm ci --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
  writeFileSync(stampFile, installStamp());
}

function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // +PONG, or -NOAUTH from a password-protected server: either way a Redis answers.
    socket.once('data', (data) => done(/^[+-]/.test(data.toString())));
  });
}

function hasBinary(name) {
  return spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0;
}

async function ensureRedisAvailable() {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if ((await redisAnswers(url)) || hasBinary('redis-server')) return;
  if (process.getuid?.() === 0 && hasBinary('apt-get')) {
    log('no Redis answers and redis-server is missing: installing it from Debian packages…');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server', { stdio: 'inherit' });
    return;
  }
  console.error(
    `[prepare] No Redis answers at ${url} and redis-server is not installed.\n` +
      '          Install it (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis)\n' +
      '          or set REDIS_URL to a running Redis.',
  );
  process.exit(1);
}

const CHROMIUM = '/usr/bin/chromium';

/** Debian's chromium drives the console's browser tests (playwright-core downloads no browser); a CJK font renders the zh-CN pages. */
function ensureBrowser() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() === 0 && hasBinary('apt-get')) {
    log(`${CHROMIUM} is missing: installing chromium and a Chinese font from Debian packages…`);
    const install = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei'], {
      stdio: 'inherit',
    });
    if (install.status === 0 && existsSync(CHROMIUM)) return;
  }
  console.error(
    '\n' +
      '##########################################################################\n' +
      `## [prepare] ${CHROMIUM} is missing and could not be installed.\n` +
      '## The console\'s browser tests (jest project "browser") need it:\n' +
      '##   sudo apt-get install --no-install-recommends chromium fonts-wqy-microhei\n' +
      '##########################################################################\n',
  );
  process.exit(1);
}

installPackages();
await ensureRedisAvailable();
if (process.argv.includes('--browser')) ensureBrowser();
