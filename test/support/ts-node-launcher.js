/*
 * Runs one of the project's TypeScript entry points (apps/api/src/main.ts, apps/worker/src/main.ts)
 * in a plain `node` process, without building dist/: a require hook transpiles TypeScript with
 * @swc/core and the transform jest uses (decorators with their metadata, for Nest), and
 * @duban/<lib> resolves as tsconfig's paths map it. Used by the crash tests to SIGKILL real processes.
 *
 * Usage: node test/support/ts-node-launcher.js apps/api/src/main.ts   (configuration from the environment)
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '../..');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const libs = path.join(root, 'libs');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = /^@duban\/([^/]+)(\/.*)?$/.exec(request);
  return resolveFilename.call(this, alias ? path.join(libs, alias[1], 'src', alias[2] ?? '') : request, ...rest);
};

// The entry then sees its own arguments in process.argv, as if node had run it directly.
const [entry] = process.argv.splice(2, 1);
if (!entry) {
  process.stderr.write('usage: node test/support/ts-node-launcher.js <entry.ts>\n');
  process.exit(2);
}
require(path.resolve(root, entry));
