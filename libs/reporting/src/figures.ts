/** Small, explicit statistics: every report figure is one of these over a list of cases. */

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Rounds half away from zero to `digits` decimals, so 12.25 shows as 12.3 everywhere. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;
}

/** part / whole as a percentage with one decimal; null when nothing was counted. */
export function percentage(part: number, whole: number): number | null {
  return whole === 0 ? null : round((100 * part) / whole, 1);
}

/** Nearest-rank percentile (p in (0, 1]): the smallest value with at least p of the values at or below it; null for none. */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

export function count<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.reduce((total, item) => total + (predicate(item) ? 1 : 0), 0);
}

/** How many items carry each of `keys` (in that order), e.g. complaints per channel. */
export function countBy<T>(items: readonly T[], keys: readonly string[], keyOf: (item: T) => string | null): Record<string, number> {
  return Object.fromEntries(keys.map((key) => [key, count(items, (item) => keyOf(item) === key)]));
}
