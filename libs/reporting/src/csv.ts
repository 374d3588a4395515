type Cell = string | number | boolean | null | undefined;
type Flattenable = { [key: string]: Cell | Flattenable };

/** Nested figures become dotted columns: escalatedByLevel.1, byType.praise. */
function flatten(row: Flattenable, prefix = ''): Record<string, Cell> {
  return Object.fromEntries(
    Object.entries(row).flatMap(([key, value]) =>
      typeof value === 'object' && value !== null ? Object.entries(flatten(value, `${prefix}${key}.`)) : [[`${prefix}${key}`, value]],
    ),
  );
}

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so that spreadsheets never run it as a formula. */
function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV document: a header of every column met (in first-seen order), one line per row, CRLF line
 * ends and a UTF-8 byte-order mark so that spreadsheet programs read the Chinese names right.
 */
export function toCsv(rows: readonly object[]): string {
  const flat = rows.map((row) => flatten(row as Flattenable));
  const columns = [...new Set(flat.flatMap((row) => Object.keys(row)))];
  const lines = [columns.map(cell).join(','), ...flat.map((row) => columns.map((column) => cell(row[column])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
