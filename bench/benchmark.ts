/**
 * What every benchmark in bench/benchmarks/*.bench.ts exports as default, and what `npm run bench`
 * prints as a table and writes to bench/results/<date>-<size>.json.
 */

/** smoke: seconds, for CI (proves the benchmark runs, its figures mean little); full: the issue's sizes. */
export type BenchSize = 'smoke' | 'full';

/** One measured figure beside its physical reference, measured in the same run. */
export interface BenchRow {
  /** e.g. "append: SQLite adapter vs raw better-sqlite3 (events/s)". */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The reference figure in the same unit (raw limit), or null where the target is absolute (a p99 in ms). */
  readonly reference: number | null;
  /** value / reference (for "higher is better" figures), or null without a reference. */
  readonly ratio: number | null;
  /** What must hold, in words a reader checks against the figures: "ratio ≥ 0.7", "p99 ≤ 25 ms". */
  readonly target: string;
  readonly met: boolean;
}

export interface BenchContext {
  readonly size: BenchSize;
  /** Progress lines (stderr), so the table on stdout stays clean. */
  log(message: string): void;
}

export interface Benchmark {
  /** Short id used by `npm run bench -- --only <id>`. */
  readonly id: string;
  readonly title: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}
