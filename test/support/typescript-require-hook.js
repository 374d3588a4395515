/*
 * Lets plain `node` require the project's TypeScript: a require hook transpiles it with @swc/core,
 * with the transform jest uses (jest.config.js takes SWC_OPTIONS from here), and @duban/<lib>
 * resolves as tsconfig's paths map it. Used by child processes of tests and by scripts.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

/** Decorators with their metadata, as Nest needs them. */
const SWC_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

function registerTypeScript() {
  const swc = require('@swc/core');
  require.extensions['.ts'] = (module, filename) => {
    const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...SWC_OPTIONS, filename });
    module._compile(code, filename);
  };
  const libs = path.resolve(__dirname, '../../libs');
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    const alias = /^@duban\/([^/]+)(\/.*)?$/.exec(request);
    return resolveFilename.call(this, alias ? path.join(libs, alias[1], 'src', alias[2] ?? '') : request, ...rest);
  };
}

module.exports = { SWC_OPTIONS, registerTypeScript };
