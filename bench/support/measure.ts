import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from '../benchmark';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile, e.g. percentile(latencies, 99). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Operations per second of one timed run of `work`, which returns how many operations it did. */
export async function ratePerSecond(work: () => Promise<number> | number): Promise<number> {
  const started = process.hrtime.bigint();
  const operations = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return operations / seconds;
}

/**
 * Runs figure and reference alternately, `rounds` times each (the reference first in even rounds,
 * second in odd ones), so a noisy neighbour slows both alike; returns the median of each.
 */
export async function interleavedMedians(
  rounds: number,
  figure: (round: number) => Promise<number>,
  reference: (round: number) => Promise<number>,
  log: (message: string) => void,
): Promise<{ value: number; reference: number }> {
  const figures: number[] = [];
  const references: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? [reference, figure] : [figure, reference];
    const [first, second] = [await order[0](round), await order[1](round)];
    const [measuredFigure, measuredReference] = round % 2 === 0 ? [second, first] : [first, second];
    figures.push(measuredFigure);
    references.push(measuredReference);
    log(`round ${round + 1}/${rounds}: ${measuredFigure.toFixed(1)} vs reference ${measuredReference.toFixed(1)}`);
  }
  return { value: median(figures), reference: median(references) };
}

/** A "higher is better" row: met when value / reference reaches `minimumRatio`. */
export function ratioRow(name: string, unit: string, value: number, reference: number, minimumRatio: number): BenchRow {
  const ratio = value / reference;
  return { name, value, unit, reference, ratio, target: `ratio ≥ ${minimumRatio}`, met: ratio >= minimumRatio };
}

/** A row with an absolute ceiling (a p99, a memory size): met when value ≤ limit. */
export function ceilingRow(name: string, unit: string, value: number, limit: number, target: string): BenchRow {
  return { name, value, unit, reference: null, ratio: null, target, met: value <= limit };
}

/** A fresh directory under the system's temp dir, removed by the returned cleanup. */
export function temporaryDirectory(label: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `duban-bench-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
