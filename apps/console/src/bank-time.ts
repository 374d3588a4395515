/** The bank's time zone (Asia/Shanghai: UTC+8 all year, no daylight saving since 1991): what staff type and read. */
const BANK_OFFSET = '+08:00';
const BANK_OFFSET_MS = 8 * 3_600_000;

/** An instant as the bank's staff write it, 2026-12-04 17:00 in Beijing time, whatever the browser's zone or locale. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(Date.parse(iso) + BANK_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
const TYPED = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/;

/**
 * A date or date and time as staff type it (2026-12-04, 2026-12-04 09:30) in Beijing time, as an
 * ISO instant; null for anything else, so the form can say so rather than guess a month/day order.
 */
export function parseBankTime(typed: string): string | null {
  const match = TYPED.exec(typed.trim());
  if (!match) return null;
  const [, year, month, day, hour = '0', minute = '00'] = match;
  const two = (value: string) => value.padStart(2, '0');
  const instant = new Date(`${year}-${two(month)}-${two(day)}T${two(hour)}:${minute}:00${BANK_OFFSET}`);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}
