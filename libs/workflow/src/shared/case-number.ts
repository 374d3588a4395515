import type { AggregateKind } from './errors';

/**
 * 案件编号: the number a case is given at registration, for people to say on the phone and type
 * into a search box: `<prefix>-<year>-<sequence>`, e.g. `TS-2026-000123`. The sequence counts per
 * prefix and year from 1 and is padded to six digits (it simply grows a digit past 999,999).
 */
export const CASE_NUMBER_PREFIXES = { complaint: 'TS', finding: 'ZG', inspection: 'JC', violation: 'WG', circular: 'TB' } as const satisfies Record<AggregateKind, string>;
export type CaseNumberPrefix = (typeof CASE_NUMBER_PREFIXES)[AggregateKind];

/** The event that creates each kind of case: the one that carries its number. */
const CREATION_EVENT_TYPES = {
  complaint: 'ComplaintRegistered',
  finding: 'FindingRaised',
  inspection: 'InspectionOpened',
  violation: 'ViolationRecorded',
  circular: 'CircularDrafted',
} as const satisfies Record<AggregateKind, string>;

/** The bank's time zone: a case registered at 00:30 on 1 January in Shanghai belongs to the new year. */
const CASE_NUMBER_TIME_ZONE = 'Asia/Shanghai';

const yearIn = new Intl.DateTimeFormat('en-US', { timeZone: CASE_NUMBER_TIME_ZONE, year: 'numeric' });

/** The year an instant falls in, in the bank's time zone. */
export function caseNumberYear(instant: string): number {
  return Number(yearIn.format(new Date(instant)));
}

export function formatCaseNumber(prefix: CaseNumberPrefix, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The kind of case a creation event type starts, or undefined for any other event. */
export function kindCreatedBy(eventType: string): AggregateKind | undefined {
  return (Object.keys(CREATION_EVENT_TYPES) as AggregateKind[]).find((kind) => CREATION_EVENT_TYPES[kind] === eventType);
}

/** What a search box gets typed into it ("ts-2026-123 "), in the stored form's case and without the blanks around it. */
export function normalizeCaseNumberQuery(query: string): string {
  return query.trim().toUpperCase();
}

const WHOLE_NUMBER = /^([A-Z]{2})-(\d{4})-(\d+)$/;

/** A whole number typed without its padding ("TS-2026-123") in its stored form; anything else as normalized. */
export function canonicalCaseNumber(query: string): string {
  const normalized = normalizeCaseNumberQuery(query);
  const whole = WHOLE_NUMBER.exec(normalized);
  return whole ? `${whole[1]}-${whole[2]}-${whole[3].padStart(6, '0')}` : normalized;
}

/** What a creation event's data holds about its number (see CREATION_EVENT_TYPES). */
export type Numbered = {
  /**
   * Set by the command layer just before the append (the decider cannot know it: the store's
   * counter gives it); absent in events recorded before case numbers existed.
   */
  number?: string;
};

/** The number carried by the creation event among `events` (a case's stream); null without one or when it predates numbers. */
export function caseNumberIn(events: readonly { readonly type: string; readonly data: unknown }[]): string | null {
  const number = (events.find((event) => kindCreatedBy(event.type) !== undefined)?.data as Numbered | undefined)?.number;
  return typeof number === 'string' ? number : null;
}
