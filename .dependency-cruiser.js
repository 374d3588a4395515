// The layering Duban promises, checked in `npm test` (docs/architecture.md explains the layers).
// Paths are repository-relative; `@duban/<lib>` resolves through tsconfig's paths.
const PURE = '^libs/(workflow|sla|reporting|integrity|audit|domain-errors)/';
const TESTS = '\\.(unit|int)\\.spec\\.ts$|\\.e2e-spec\\.ts$|\\.browser-spec\\.ts$';
// Runtime libraries a pure library must not reach: frameworks, drivers, queues and the file system.
const RUNTIME = [
  '^node_modules/(@nestjs|better-sqlite3|bullmq|ioredis|@eventstore|pg|prom-client|pino|express)/',
  '^(node:)?(fs|fs/promises|net|http|https|child_process|worker_threads|cluster|dgram)$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No file imports a file that imports it, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-libs-import-no-runtime',
      severity: 'error',
      comment: 'workflow, sla, reporting, integrity, audit and domain-errors are pure functions of their inputs: no framework, driver, queue or file system.',
      from: { path: PURE, pathNot: TESTS },
      to: { path: RUNTIME },
    },
    {
      name: 'pure-libs-import-only-pure-libs',
      severity: 'error',
      comment: 'A pure library may use the types of another library (a recorded event), never its code.',
      from: { path: PURE },
      to: { path: '^libs/', pathNot: [PURE], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      comment: 'Libraries serve the apps; the other way round would tie a library to one app.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'read-side-never-imports-write-side',
      severity: 'error',
      comment: 'Read models fold recorded events; they never decide or append.',
      from: { path: '^libs/projections/' },
      to: { path: '^libs/(command-handling|cases|sla-enforcement)/' },
    },
    {
      name: 'only-scheduling-and-worker-use-bullmq',
      severity: 'error',
      comment: 'The queue is an adapter of libs/scheduling; the worker runs its jobs. Benchmarks and test harnesses may drive it directly.',
      from: { path: '^(apps|libs)/', pathNot: ['^libs/scheduling/', '^apps/worker/'] },
      to: { path: '^node_modules/bullmq/' },
    },
    {
      name: 'command-core-is-generic',
      severity: 'error',
      comment: 'libs/command-handling is any event-sourced service’s command core: it knows no Duban aggregate, rule or framework.',
      from: { path: '^libs/command-handling/' },
      to: { path: ['^libs/(cases|workflow|sla|sla-enforcement|identity|personal-data|projections)/', '^node_modules/@nestjs/'] },
    },
    {
      name: 'console-uses-only-the-http-api',
      severity: 'error',
      comment: 'The web console talks to the public HTTP API alone.',
      from: { path: '^apps/console/' },
      to: { path: '^(libs|apps/(api|worker|cli))/' },
    },
    {
      name: 'no-production-import-of-tests',
      severity: 'error',
      comment: 'Production code never imports a spec, a test harness or a testing kit.',
      from: { path: '^(apps|libs)/', pathNot: [TESTS, '/testing/'] },
      to: { path: [TESTS, '/testing/', '^test/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
