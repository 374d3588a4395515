/**
 * Masking in the documents' own style (陈**, 138****0000). Pure; works on code points, so a name
 * in a supplementary plane (𠀋) is never cut in half. Masked values are still personal data: they
 * are shown, never stored.
 */

const codePoints = (value: string): string[] => Array.from(value.trim());

/** Keeps `head` leading and `tail` trailing units, stars the rest. */
function keepEnds(units: readonly string[], head: number, tail: number): string {
  return units.map((unit, index) => (index < head || index >= units.length - tail ? unit : '*')).join('');
}

/** 陈小明 → 陈**: the first character, then two stars whatever the length, so the length is not revealed either. */
export function maskName(name: string): string {
  const [first] = codePoints(name);
  return first === undefined ? '' : `${first}**`;
}

/** Punctuation a phone number is written with; it carries no personal data and keeps the number readable. */
const PHONE_SEPARATORS = new Set([' ', '-', '(', ')', '.', '+']);
/** +86 or 0086 in front of a mainland number: the country, not the person. */
const MAINLAND_PREFIX = /^(?:\+|00)86(?=\D?\d)/;

/**
 * 13800000000 → 138****0000, 400-000-0000 → 400-***-0000, +86 138 0000 0000 → +86 138 **** 0000.
 * Of the national digits at most the first 3 and last 4 show, and never more than 70% of them, so
 * a short number keeps most of its digits hidden. Separators stay; any other character is starred.
 */
export function maskPhone(phone: string): string {
  const units = codePoints(phone);
  const prefixLength = MAINLAND_PREFIX.exec(units.join(''))?.[0].length ?? 0;
  const national = units.slice(prefixLength);
  const digitCount = national.filter(isDigit).length;
  const head = Math.min(3, Math.floor(digitCount * 0.3));
  const tail = Math.min(4, Math.floor(digitCount * 0.4));
  let seen = 0;
  const masked = national.map((unit) => {
    if (!isDigit(unit)) return PHONE_SEPARATORS.has(unit) ? unit : '*';
    seen += 1;
    return seen <= head || seen > digitCount - tail ? unit : '*';
  });
  return [...units.slice(0, prefixLength), ...masked].join('');
}

/** 110101199003071234 → 110101********1234: region code and last four, at most a third and a quarter of a shorter number. */
export function maskIdNumber(idNumber: string): string {
  const units = codePoints(idNumber);
  return keepEnds(units, Math.min(6, Math.floor(units.length / 3)), Math.min(4, Math.floor(units.length / 4)));
}

function isDigit(unit: string): boolean {
  return unit >= '0' && unit <= '9';
}
