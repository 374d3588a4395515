import { BASES, collectDuration, nominalMs, type Basis } from '../duration';
import { IssueCollector } from '../errors';

/** Case facts a policy may match on besides `kind`; a policy lists the values it accepts. */
export const MATCH_FIELDS = ['type', 'category', 'channel', 'priority', 'severity'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

/** What the case looks like now, e.g. { kind: 'complaint', type: 'complaint', category: 'attitude', … }. */
export type CaseFacts = { readonly kind: string } & { readonly [field in MatchField]?: string };

/** `kind` must be equal; every other listed field must contain the case's value. */
export type PolicyMatch = { readonly kind: string } & { readonly [field in MatchField]?: readonly string[] };

export type EscalationSpec = {
  /** Target for each level after a breach, counted from the escalation. */
  readonly perLevel: string;
  /** Defaults to the clock's basis. */
  readonly basis?: Basis;
};

/**
 * Where a clock's due time comes from when it has no duration: the finding's rectification plan,
 * or its milestones (时间节点), one clock `<target>-<n>` per milestone of the plan in force.
 */
export const DUE_SOURCES = ['plan', 'milestones'] as const;
export type DueSource = (typeof DUE_SOURCES)[number];

export type ClockSpec = {
  readonly target: string;
  readonly description?: string;
  /** ISO 8601 duration from receipt; exactly one of `duration` and `dueFrom`. */
  readonly duration?: string;
  readonly dueFrom?: DueSource;
  readonly basis: Basis;
  /** Calendar id; defaults to the policy set's `defaultCalendar`. */
  readonly calendar?: string;
  /** Fractions of the clock's time at which a warning is raised, ascending, each in (0, 1). */
  readonly warnAt?: readonly number[];
  readonly escalation?: EscalationSpec;
  /** Successive total durations an approved extension may grant, e.g. ["P30D", "P60D"]. */
  readonly extensions?: readonly string[];
  /** Case event types that stop this clock (closure and withdrawal stop every clock anyway). */
  readonly stopOn?: readonly string[];
};

export type Policy = {
  readonly id: string;
  readonly description: string;
  /** Where the rule comes from (regulation, seed document, house default). */
  readonly source: string;
  readonly match: PolicyMatch;
  readonly clocks: readonly ClockSpec[];
  /**
   * Complaints: failed follow-up contact attempts after the latest reply before the follow-up may
   * end as "customer unreachable" (seed 003: a second call, another channel after three). The
   * complaint statechart's default (3) applies when left out.
   */
  readonly unreachableAfterFailedAttempts?: number;
  /** Whose supervisors decide a complaint's responsibility (责任认定): head office (the default) or the branch over the case's unit. */
  readonly responsibilityDecidedBy?: ResponsibilityDecider;
};

export const RESPONSIBILITY_DECIDERS = ['head_office', 'branch'] as const;
export type ResponsibilityDecider = (typeof RESPONSIBILITY_DECIDERS)[number];

export type PolicySet = {
  readonly version: number;
  readonly defaultCalendar: string;
  readonly description?: string;
  readonly policies: readonly Policy[];
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function checkKeys(issues: IssueCollector, field: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) issues.add(field ? `${field}.${key}` : key, `is not a known field (known: ${allowed.join(', ')})`);
  }
}

function isBasis(value: unknown): value is Basis {
  return (BASES as readonly unknown[]).includes(value);
}

function checkStringList(issues: IssueCollector, field: string, value: unknown, allowEmpty: boolean): void {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0) || !value.every(isNonEmptyString)) {
    issues.add(field, `must be a ${allowEmpty ? '' : 'non-empty '}list of non-empty strings`);
  }
}

function checkMatch(issues: IssueCollector, field: string, match: unknown): void {
  if (!isRecord(match)) return issues.add(field, 'must be an object such as { "kind": "complaint", "category": ["attitude"] }');
  checkKeys(issues, field, match, ['kind', ...MATCH_FIELDS]);
  if (!isNonEmptyString(match.kind)) issues.add(`${field}.kind`, 'must be a non-empty string, e.g. "complaint" or "finding"');
  for (const name of MATCH_FIELDS) {
    if (match[name] !== undefined) checkStringList(issues, `${field}.${name}`, match[name], false);
  }
}

const CLOCK_KEYS = ['target', 'description', 'duration', 'dueFrom', 'basis', 'calendar', 'warnAt', 'escalation', 'extensions', 'stopOn'];

function checkClock(issues: IssueCollector, field: string, clock: unknown, calendarIds: readonly string[] | undefined): void {
  if (!isRecord(clock)) return issues.add(field, 'must be an object');
  checkKeys(issues, field, clock, CLOCK_KEYS);
  if (!isNonEmptyString(clock.target)) issues.add(`${field}.target`, 'must be a non-empty string, e.g. "reply"');
  if (clock.description !== undefined && typeof clock.description !== 'string') issues.add(`${field}.description`, 'must be a string');
  const basis = isBasis(clock.basis) ? clock.basis : undefined;
  if (basis === undefined) issues.add(`${field}.basis`, `must be one of ${BASES.join(', ')}`);

  const hasDuration = clock.duration !== undefined;
  const hasDueFrom = clock.dueFrom !== undefined;
  if (hasDuration === hasDueFrom) issues.add(field, 'needs exactly one of "duration" (ISO 8601) and "dueFrom" ("plan" or "milestones")');
  const duration = hasDuration ? collectDuration(issues, `${field}.duration`, clock.duration, basis) : undefined;
  if (hasDueFrom && !(DUE_SOURCES as readonly unknown[]).includes(clock.dueFrom)) issues.add(`${field}.dueFrom`, `must be one of ${DUE_SOURCES.join(', ')}`);

  if (clock.calendar !== undefined) {
    if (!isNonEmptyString(clock.calendar)) issues.add(`${field}.calendar`, 'must be a calendar id');
    else if (calendarIds !== undefined && !calendarIds.includes(clock.calendar))
      issues.add(`${field}.calendar`, `"${clock.calendar}" is not a known calendar (known: ${calendarIds.join(', ')})`);
  }

  if (clock.warnAt !== undefined) {
    const warnAt = clock.warnAt;
    const valid =
      Array.isArray(warnAt) && warnAt.every((fraction, index) => typeof fraction === 'number' && fraction > 0 && fraction < 1 && (index === 0 || fraction > warnAt[index - 1]));
    if (!valid) issues.add(`${field}.warnAt`, 'must list fractions strictly between 0 and 1 in ascending order, e.g. [0.5, 0.8]');
  }

  if (clock.escalation !== undefined) {
    const escalation = clock.escalation;
    if (!isRecord(escalation)) {
      issues.add(`${field}.escalation`, 'must be an object such as { "perLevel": "P1D" }');
    } else {
      checkKeys(issues, `${field}.escalation`, escalation, ['perLevel', 'basis']);
      if (escalation.basis !== undefined && !isBasis(escalation.basis)) issues.add(`${field}.escalation.basis`, `must be one of ${BASES.join(', ')}`);
      const levelBasis = escalation.basis === undefined ? basis : isBasis(escalation.basis) ? escalation.basis : undefined;
      collectDuration(issues, `${field}.escalation.perLevel`, escalation.perLevel, levelBasis);
    }
  }

  if (clock.extensions !== undefined) {
    if (!Array.isArray(clock.extensions) || clock.extensions.length === 0) {
      issues.add(`${field}.extensions`, 'must be a non-empty list of total durations, e.g. ["P30D", "P60D"]');
    } else if (hasDueFrom) {
      issues.add(`${field}.extensions`, 'a clock due by its plan is extended by a new plan, not by extensions');
    } else {
      let previous = duration === undefined ? undefined : nominalMs(duration);
      clock.extensions.forEach((text, index) => {
        const extension = collectDuration(issues, `${field}.extensions[${index}]`, text, basis);
        if (extension === undefined) return;
        if (previous !== undefined && nominalMs(extension) <= previous)
          issues.add(`${field}.extensions[${index}]`, 'must be longer than the duration before it (each entry is a new total)');
        previous = nominalMs(extension);
      });
    }
  }

  if (clock.stopOn !== undefined) checkStringList(issues, `${field}.stopOn`, clock.stopOn, true);
}

/**
 * Validates a policy set (all issues at once, SlaValidationError). Pass `calendarIds` to check that
 * every calendar a clock names exists.
 */
export function parsePolicySet(input: unknown, options: { calendarIds?: readonly string[] } = {}): PolicySet {
  const issues = new IssueCollector();
  if (!isRecord(input)) {
    issues.add('', 'a policy set must be a JSON object');
    issues.throwIfAny('policy set');
  }
  const raw = input as Record<string, unknown>;
  checkKeys(issues, '', raw, ['version', 'defaultCalendar', 'description', 'policies']);
  if (!Number.isInteger(raw.version) || (raw.version as number) < 1) issues.add('version', 'must be a positive integer');
  if (raw.description !== undefined && typeof raw.description !== 'string') issues.add('description', 'must be a string when given');
  if (!isNonEmptyString(raw.defaultCalendar)) issues.add('defaultCalendar', 'must be a calendar id');
  else if (options.calendarIds !== undefined && !options.calendarIds.includes(raw.defaultCalendar))
    issues.add('defaultCalendar', `"${raw.defaultCalendar}" is not a known calendar`);

  if (!Array.isArray(raw.policies) || raw.policies.length === 0) {
    issues.add('policies', 'must be a non-empty list');
  } else {
    const ids = new Set<string>();
    raw.policies.forEach((policy: unknown, index) => {
      const field = `policies[${index}]`;
      if (!isRecord(policy)) return issues.add(field, 'must be an object');
      checkKeys(issues, field, policy, ['id', 'description', 'source', 'match', 'clocks', 'unreachableAfterFailedAttempts', 'responsibilityDecidedBy']);
      const unreachableAfter = policy.unreachableAfterFailedAttempts;
      if (unreachableAfter !== undefined && !(Number.isInteger(unreachableAfter) && (unreachableAfter as number) >= 1)) {
        issues.add(`${field}.unreachableAfterFailedAttempts`, 'must be a positive whole number, e.g. 3');
      }
      if (policy.responsibilityDecidedBy !== undefined && !(RESPONSIBILITY_DECIDERS as readonly unknown[]).includes(policy.responsibilityDecidedBy)) {
        issues.add(`${field}.responsibilityDecidedBy`, `must be one of ${RESPONSIBILITY_DECIDERS.join(', ')}`);
      }
      if (!isNonEmptyString(policy.id)) issues.add(`${field}.id`, 'must be a non-empty string');
      else if (ids.has(policy.id)) issues.add(`${field}.id`, `"${policy.id}" is used by an earlier policy`);
      else ids.add(policy.id);
      if (!isNonEmptyString(policy.description)) issues.add(`${field}.description`, 'must say what the policy is for');
      if (!isNonEmptyString(policy.source)) issues.add(`${field}.source`, 'must name where the rule comes from (regulation, document, house default)');
      checkMatch(issues, `${field}.match`, policy.match);
      if (!Array.isArray(policy.clocks) || policy.clocks.length === 0) return issues.add(`${field}.clocks`, 'must be a non-empty list');
      const targets = new Set<unknown>();
      policy.clocks.forEach((clock: unknown, clockIndex) => {
        checkClock(issues, `${field}.clocks[${clockIndex}]`, clock, options.calendarIds);
        const target = isRecord(clock) ? clock.target : undefined;
        if (targets.has(target)) issues.add(`${field}.clocks[${clockIndex}].target`, `"${String(target)}" appears twice in this policy`);
        targets.add(target);
      });
    });
  }
  issues.throwIfAny('policy set');
  return input as PolicySet;
}

/** The first policy whose match accepts the case facts (first match wins), or undefined. */
export function matchPolicy(policySet: PolicySet, facts: CaseFacts): Policy | undefined {
  return policySet.policies.find(
    (policy) =>
      policy.match.kind === facts.kind &&
      MATCH_FIELDS.every((field) => {
        const allowed = policy.match[field];
        const value = facts[field];
        return allowed === undefined || (value !== undefined && allowed.includes(value));
      }),
  );
}
