import { SlaValidationError } from '../errors';
import { defaultPolicies } from '../testing/fixtures';
import { matchPolicy, parsePolicySet, type CaseFacts } from './policy';

const clock = { target: 'reply', duration: 'P3D', basis: 'working_days' };
const policy = { id: 'p', description: 'test', source: 'test', match: { kind: 'complaint' }, clocks: [clock] };
const set = (policies: unknown[]) => ({ version: 1, defaultCalendar: 'cn-mainland', policies });

function issuesOf(input: unknown, calendarIds?: string[]): string {
  try {
    parsePolicySet(input, { calendarIds });
  } catch (error) {
    if (error instanceof SlaValidationError) return error.issues.map((issue) => `${issue.field}: ${issue.message}`).join('\n');
    throw error;
  }
  throw new Error('expected the policy set to be refused');
}

describe('parsePolicySet', () => {
  it('accepts the shipped defaults, each with a source', () => {
    expect(defaultPolicies.policies.map((entry) => entry.id)).toEqual(['complaint', 'investigation-request', 'feedback', 'finding']);
    expect(defaultPolicies.policies.every((entry) => entry.source.length > 10)).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['unknown field', { ...clock, durration: 'P3D' }, 'policies[0].clocks[0].durration: is not a known field'],
    ['bad basis', { ...clock, basis: 'days' }, 'policies[0].clocks[0].basis: must be one of calendar, working_days, business_hours'],
    ['no duration', { target: 'reply', basis: 'calendar' }, 'needs exactly one of "duration" (ISO 8601) and "dueFrom" ("plan" or "milestones")'],
    ['both due sources', { ...clock, dueFrom: 'plan' }, 'needs exactly one of "duration"'],
    ['bad duration', { ...clock, duration: 'three days' }, 'policies[0].clocks[0].duration: "three days" is not an ISO 8601 duration'],
    ['hours on working days', { ...clock, duration: 'PT8H' }, 'must be whole days'],
    ['warnings out of order', { ...clock, warnAt: [0.8, 0.5] }, 'warnAt: must list fractions strictly between 0 and 1 in ascending order'],
    ['warning at 100%', { ...clock, warnAt: [1] }, 'warnAt: must list fractions strictly between 0 and 1'],
    ['escalation in the wrong unit', { ...clock, escalation: { perLevel: 'PT4H' } }, 'escalation.perLevel: a working_days duration must be whole days'],
    ['escalation in its own basis', { ...clock, escalation: { perLevel: 'PT4H', basis: 'weeks' } }, 'escalation.basis: must be one of'],
    ['shrinking extension', { ...clock, basis: 'calendar', duration: 'P15D', extensions: ['P30D', 'P20D'] }, 'extensions[1]: must be longer than the duration before it'],
    ['extension not longer', { ...clock, basis: 'calendar', duration: 'P15D', extensions: ['P15D'] }, 'extensions[0]: must be longer'],
    ['extending a plan date', { target: 'rectify', dueFrom: 'plan', basis: 'calendar', extensions: ['P30D'] }, 'a clock due by its plan is extended by a new plan'],
  ])('refuses a clock with %s', (_name, badClock, message) => {
    expect(issuesOf(set([{ ...policy, clocks: [badClock] }]))).toContain(message);
  });

  it('refuses duplicate ids and targets, a missing source and a scalar match list', () => {
    const issues = issuesOf(set([policy, { ...policy, source: '', match: { kind: 'complaint', category: 'attitude' }, clocks: [clock, clock] }]));
    expect(issues).toContain('policies[1].id: "p" is used by an earlier policy');
    expect(issues).toContain('policies[1].source: must name where the rule comes from');
    expect(issues).toContain('policies[1].match.category: must be a non-empty list of non-empty strings');
    expect(issues).toContain('policies[1].clocks[1].target: "reply" appears twice in this policy');
  });

  it('takes a positive whole number of failed contact attempts before "customer unreachable"', () => {
    expect(() => parsePolicySet(set([{ ...policy, unreachableAfterFailedAttempts: 2 }]))).not.toThrow();
    for (const wrong of [0, 2.5, '3']) {
      expect(issuesOf(set([{ ...policy, unreachableAfterFailedAttempts: wrong }]))).toContain('policies[0].unreachableAfterFailedAttempts: must be a positive whole number');
    }
  });

  it('checks calendar references when told which exist', () => {
    const issues = issuesOf({ ...set([{ ...policy, clocks: [{ ...clock, calendar: 'hk' }] }]), defaultCalendar: 'uk' }, ['cn-mainland']);
    expect(issues).toContain('defaultCalendar: "uk" is not a known calendar');
    expect(issues).toContain('policies[0].clocks[0].calendar: "hk" is not a known calendar (known: cn-mainland)');
  });
});

describe('matchPolicy', () => {
  const policies = parsePolicySet(
    set([
      { ...policy, id: 'urgent-attitude', match: { kind: 'complaint', category: ['attitude'], priority: ['urgent'] } },
      { ...policy, id: 'hotline', match: { kind: 'complaint', channel: ['hotline', 'online'] } },
      { ...policy, id: 'any-complaint', match: { kind: 'complaint' } },
      { ...policy, id: 'major-finding', match: { kind: 'finding', severity: ['major'] } },
    ]),
  );

  it.each<[CaseFacts, string | undefined]>([
    [{ kind: 'complaint', category: 'attitude', priority: 'urgent', channel: 'hotline' }, 'urgent-attitude'], // first match wins
    [{ kind: 'complaint', category: 'attitude', priority: 'normal', channel: 'hotline' }, 'hotline'],
    [{ kind: 'complaint', category: 'attitude', priority: 'normal', channel: 'letter' }, 'any-complaint'],
    [{ kind: 'complaint', priority: 'urgent' }, 'any-complaint'], // a listed field the case lacks does not match
    [{ kind: 'finding', severity: 'major' }, 'major-finding'],
    [{ kind: 'finding', severity: 'minor' }, undefined],
    [{ kind: 'inspection' }, undefined],
  ])('%j → %s', (facts, expected) => {
    expect(matchPolicy(policies, facts)?.id).toBe(expected);
  });

  it('routes the default policies by case type', () => {
    expect(matchPolicy(defaultPolicies, { kind: 'complaint', type: 'complaint', category: 'process' })?.id).toBe('complaint');
    expect(matchPolicy(defaultPolicies, { kind: 'complaint', type: 'investigation' })?.id).toBe('investigation-request');
    expect(matchPolicy(defaultPolicies, { kind: 'complaint', type: 'praise' })?.id).toBe('feedback');
    expect(matchPolicy(defaultPolicies, { kind: 'finding', severity: 'minor' })?.id).toBe('finding');
  });
});
