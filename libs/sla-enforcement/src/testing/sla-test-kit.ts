import type { Clock } from '@duban/command-handling';
import { CaseCommandHandler, COMPLAINTS, type CommandRequest } from '@duban/cases';
import type { EventStore } from '@duban/event-store';
import { InterceptingStore } from '../../../event-store/src/testing/intercepting-store';
import { parseCalendar, parsePolicySet, type Calendar, type PolicySet } from '@duban/sla';
import { orgTreeFromParents, type Actor, type ComplaintCommand } from '@duban/workflow';
import cnMainlandJson from '../../../../config/sla/calendars/cn-mainland-2026.json';
import { SlaCompanion } from '../sla-companion';
import type { SlaRules, SlaRulesSource } from '../sla-rules';
import { register as registerCommand, type RegisterCommand } from '../../../cases/src/testing/command-fixtures';

export const cnMainland: Calendar = parseCalendar(cnMainlandJson);

/** Seconds-long clocks on a calendar basis: complaints reply in 5 s with a ladder and extensions; findings are due by their plan and acknowledged in 10 s. */
export const shortPolicies: PolicySet = parsePolicySet({
  version: 4,
  defaultCalendar: 'cn-mainland',
  policies: [
    {
      id: 'complaint-short',
      description: 'reply in 5 s',
      source: 'unit test',
      match: { kind: 'complaint', type: ['complaint'] },
      clocks: [{ target: 'reply', duration: 'PT5S', basis: 'calendar', warnAt: [0.5], escalation: { perLevel: 'PT5S' }, extensions: ['PT1M'], stopOn: ['ComplaintReplied'] }],
    },
    {
      id: 'investigation-short',
      description: 'reply in 20 s',
      source: 'unit test',
      match: { kind: 'complaint', type: ['investigation'] },
      clocks: [{ target: 'reply', duration: 'PT20S', basis: 'calendar', stopOn: ['ComplaintReplied'] }],
    },
    {
      id: 'finding-short',
      description: 'acknowledge in 10 s, rectify by the plan',
      source: 'unit test',
      match: { kind: 'finding' },
      clocks: [
        { target: 'acknowledge', duration: 'PT10S', basis: 'calendar', stopOn: ['FindingReported'] },
        { target: 'rectify', dueFrom: 'plan', basis: 'calendar', escalation: { perLevel: 'PT5S' }, stopOn: ['FindingReported'] },
      ],
    },
  ],
});

export const staticRules = (policySet: PolicySet = shortPolicies): SlaRulesSource & { rules: SlaRules } => {
  const rules = { policySet, calendars: { [cnMainland.id]: cnMainland } };
  const calendarVersion = async (calendarId: string, version: number): Promise<Calendar> => {
    const calendar = rules.calendars[calendarId];
    if (calendar?.version !== version) throw new Error(`no calendar ${calendarId} v${version} in the static rules`);
    return calendar;
  };
  return { rules, current: async () => rules, calendarVersion };
};

export const orgTree = orgTreeFromParents({ hq: null, anshan: 'hq', haicheng: 'anshan', outlet: 'haicheng' });

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const handler: Actor = { id: 'handler.one', role: 'handler', unitId: 'outlet' };
export const head: Actor = { id: 'head.one', role: 'unit_head', unitId: 'haicheng' };
export const asRequest = (actor: Actor, causationId = 'request-1'): CommandRequest => ({ actor, correlationId: 'correlation-1', causationId });

/** Monday 2025-03-03 09:00 in Shanghai. */
export const START = new Date('2025-03-03T01:00:00.000Z');

export function slaSetUp(rules: SlaRulesSource = staticRules()): { store: InterceptingStore; clock: ManualClock; commands: CaseCommandHandler } {
  return slaSetUpOn(new InterceptingStore(), rules);
}

/** The same on a store of the caller's (a real adapter). */
export function slaSetUpOn<Store extends EventStore>(store: Store, rules: SlaRulesSource = staticRules()): { store: Store; clock: ManualClock; commands: CaseCommandHandler } {
  const clock = new ManualClock(START);
  return { store, clock, commands: new CaseCommandHandler(store, clock, orgTree, { backoffMs: () => 0, companions: [new SlaCompanion(rules)] }) };
}

export const register = (complaintId: string, overrides: Partial<RegisterCommand> = {}): ComplaintCommand =>
  registerCommand(complaintId, { description: '柜员态度冷漠', receivedAt: START.toISOString(), ...overrides });

export async function registered(commands: CaseCommandHandler, id = 'c1', overrides: Parameters<typeof register>[1] = {}): Promise<void> {
  await commands.execute(COMPLAINTS, id, register(id, overrides), asRequest(handler));
}

export const plus = (ms: number, from: Date = START): string => new Date(from.getTime() + ms).toISOString();
