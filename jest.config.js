// Tests are named by tier: *.unit.spec.ts (pure, no I/O), *.int.spec.ts (real SQLite files,
// real Redis), *.e2e-spec.ts (the real HTTP server), *.browser-spec.ts (the web console in
// chromium). One transform and one alias map serve all.
const { SWC_OPTIONS } = require('./test/support/typescript-require-hook');

const swc = ['@swc/jest', SWC_OPTIONS];
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  moduleNameMapper: { '^@duban/([^/]+)$': '<rootDir>/libs/$1/src', '^@duban/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2' },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // Nest 12 and uuid ship ES modules only; jest's CommonJS runtime needs them transpiled.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|uuid)/)'],
};
module.exports = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.unit.spec.ts'] },
    { ...shared, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts'] },
    // Each e2e file starts a whole Nest application (and often a worker) in its hooks: on a loaded
    // two-core machine that outruns jest's 5 s default, which then fails the file for no fault of its own.
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.ts'] },
    // The web console in Debian's chromium against the real API; its setup builds the console when stale.
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'], globalSetup: '<rootDir>/test/browser/global-setup.ts' },
  ],
};
