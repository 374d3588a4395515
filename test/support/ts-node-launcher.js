/*
 * Runs one of the project's TypeScript entry points (apps/api/src/main.ts, apps/worker/src/main.ts,
 * test/crash/crash-test.ts) in a plain `node` process, without building dist/. The crash tests use
 * it to SIGKILL the real API and worker.
 *
 * Usage: node test/support/ts-node-launcher.js apps/api/src/main.ts [arguments]   (configuration from the environment)
 */
'use strict';
const path = require('node:path');
const { registerTypeScript } = require('./typescript-require-hook');

// The entry then sees its own arguments in process.argv, as if node had run it directly.
const [entry] = process.argv.splice(2, 1);
if (!entry) {
  process.stderr.write('usage: node test/support/ts-node-launcher.js <entry.ts> [arguments]\n');
  process.exit(2);
}
registerTypeScript();
require(path.resolve(__dirname, '../..', entry));
