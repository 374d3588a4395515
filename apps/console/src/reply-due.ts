/**
 * Which clock answers "when must we reply?" for a complaint being registered: the `reply` clock of
 * the first SLA policy (GET /sla/policies) that matches the case, on its calendar or the set's
 * default. The API starts the real clock from the same rule when the complaint is registered;
 * the console only shows the due date the calendar gives for it beforehand.
 */
export interface DueRule {
  readonly calendarId: string;
  readonly duration: string;
  readonly basis: 'calendar' | 'working_days' | 'business_hours';
}

/** A policy set as the API answers it (`policies` are open objects in the document). */
export interface PolicySetAnswer {
  readonly defaultCalendar: string;
  readonly policies: readonly { readonly [key: string]: unknown }[];
}

/** The case facts a policy matches on, as chosen in the form (empty means not chosen yet). */
export type CaseFacts = { readonly kind: string } & Readonly<Record<'type' | 'category' | 'channel' | 'priority', string>>;

const MATCHED = ['type', 'category', 'channel', 'priority', 'severity'] as const;
const BASES = new Set(['calendar', 'working_days', 'business_hours']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `kind` equal, every other listed field containing the case's value (as the API matches). */
function matches(match: unknown, facts: CaseFacts): boolean {
  if (!isRecord(match) || match.kind !== facts.kind) return false;
  return MATCHED.every((field) => {
    const allowed = match[field];
    if (allowed === undefined) return true;
    const value = field === 'severity' ? '' : facts[field];
    return Array.isArray(allowed) && value !== '' && allowed.includes(value);
  });
}

export function replyRuleOf(policySet: PolicySetAnswer, facts: CaseFacts, target = 'reply'): DueRule | null {
  const policy = policySet.policies.find((candidate) => matches(candidate.match, facts));
  const clocks = policy && Array.isArray(policy.clocks) ? (policy.clocks as unknown[]) : [];
  const clock = clocks.find((candidate) => isRecord(candidate) && candidate.target === target);
  if (!isRecord(clock) || typeof clock.duration !== 'string' || typeof clock.basis !== 'string' || !BASES.has(clock.basis)) return null;
  const calendarId = typeof clock.calendar === 'string' ? clock.calendar : policySet.defaultCalendar;
  return { calendarId, duration: clock.duration, basis: clock.basis as DueRule['basis'] };
}
