import { localDate } from '@duban/reporting';
import { DEFAULT_TIME_ZONE } from '@duban/sla';

/** Whether an instant falls, by its local date in the bank's time zone, in `2026`, `2026-Q3` or `2026-07`. */
export function inPeriod(openedAt: string, period: string): boolean {
  const date = localDate(openedAt, DEFAULT_TIME_ZONE);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter === null) return date.startsWith(period);
  const month = Number(date.slice(5, 7));
  return date.startsWith(quarter[1]) && Math.ceil(month / 3) === Number(quarter[2]);
}
