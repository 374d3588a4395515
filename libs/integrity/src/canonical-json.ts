/** JSON as stored events carry it; `undefined` members are dropped, as JSON.stringify drops them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * One byte-exact text per JSON value, so a hash over it does not depend on who serialised it: object
 * keys sorted by UTF-16 code units, no whitespace, strings and numbers as JSON.stringify writes them
 * (the shortest round-trip form), which every adapter's JSON reproduces after a read.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  // One string built in place rather than filtered, mapped and joined arrays: every append hashes its events, and verify every event of the store.
  const keys = Object.keys(value).sort();
  let text = '{';
  for (const key of keys) {
    const member = value[key];
    if (member === undefined) continue;
    text += `${text.length === 1 ? '' : ','}${memberPrefix(key)}${canonicalJson(member)}`;
  }
  return `${text}}`;
}

/** `"key":` of the keys seen most, kept: the same few dozen keys recur in every event (a third of the canonical text's cost). */
const MEMBER_PREFIXES = new Map<string, string>();
const MAX_MEMBER_PREFIXES = 10_000;

function memberPrefix(key: string): string {
  let prefix = MEMBER_PREFIXES.get(key);
  if (prefix === undefined) {
    prefix = `${JSON.stringify(key)}:`;
    if (MEMBER_PREFIXES.size < MAX_MEMBER_PREFIXES) MEMBER_PREFIXES.set(key, prefix);
  }
  return prefix;
}
