/**
 * `npm run bench [-- --size smoke|full] [--only id,...]`: runs every bench/benchmarks/*.bench.ts,
 * prints their rows as a table on stdout and writes bench/results/<date>-<size>.json.
 * Exit code 1 only when a benchmark threw: a missed target is a finding, not a failure.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Benchmark, BenchRow, BenchSize } from './benchmark';

const BENCHMARKS_DIR = join(__dirname, 'benchmarks');
const RESULTS_DIR = join(__dirname, 'results');

interface Arguments {
  size: BenchSize;
  only: string[] | undefined;
}

function parseArguments(argv: readonly string[]): Arguments {
  const valueOf = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  const size = valueOf('--size') ?? 'full';
  if (size !== 'smoke' && size !== 'full') throw new Error(`--size must be smoke or full, not ${size}`);
  const only = valueOf('--only')
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return { size, only };
}

async function discoverBenchmarks(): Promise<Benchmark[]> {
  const files = readdirSync(BENCHMARKS_DIR)
    .filter((file) => file.endsWith('.bench.ts'))
    .sort();
  return Promise.all(files.map(async (file) => ((await import(join(BENCHMARKS_DIR, file))) as { default: Benchmark }).default));
}

const formatNumber = (value: number | null): string => (value === null ? '—' : Math.abs(value) >= 100 ? Math.round(value).toString() : value.toPrecision(3));

function formatTable(rows: readonly BenchRow[]): string {
  const header = ['name', 'value', 'unit', 'reference', 'ratio', 'target', 'met'];
  const cells = rows.map((row) => [row.name, formatNumber(row.value), row.unit, formatNumber(row.reference), formatNumber(row.ratio), row.target, row.met ? 'yes' : 'NO']);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column].length)));
  const numeric = new Set([1, 3, 4]);
  const line = (values: string[]) =>
    values
      .map((value, column) => (numeric.has(column) ? value.padStart(widths[column]) : value.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { size, only } = parseArguments(process.argv.slice(2));
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const selected = (await discoverBenchmarks()).filter((benchmark) => !only || only.includes(benchmark.id));
  if (only) {
    const unknown = only.filter((id) => !selected.some((benchmark) => benchmark.id === id));
    if (unknown.length > 0) throw new Error(`No benchmark with id ${unknown.join(', ')}`);
  }
  const rows: BenchRow[] = [];
  const failed: string[] = [];
  for (const benchmark of selected) {
    log(`# ${benchmark.id}: ${benchmark.title} (${size})`);
    const started = Date.now();
    try {
      rows.push(...(await benchmark.run({ size, log: (message) => log(`  [${benchmark.id}] ${message}`) })));
      log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed.push(benchmark.id);
      log(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  const date = new Date().toISOString();
  const machine = { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memory: totalmem(), node: process.version, platform: platform() };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${date.replace(/:/g, '-')}-${size}.json`);
  writeFileSync(file, `${JSON.stringify({ machine, date, size, rows }, null, 2)}\n`);
  process.stdout.write(`${formatTable(rows)}\n`);
  log(`results: ${file}`);
  if (size === 'smoke') log('smoke size: the figures prove the benchmarks run; targets are informational.');
  if (failed.length > 0) {
    log(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
