import { orgTreeFromParents, type Actor, type ComplaintCommand } from '@duban/workflow';
import type { Clock } from '@duban/command-handling';
import type { CommandRequest } from '../case-commands';

/** What the command handler's specs share: one org tree, a fixed clock, two actors and complaint commands. */
export const orgTree = orgTreeFromParents({ hq: null, anshan: 'hq', haicheng: 'anshan', outlet: 'haicheng' });
export const NOW = new Date('2024-05-06T08:00:00.000Z');
export const clock: Clock = { now: () => NOW };

export const handler: Actor = { id: 'handler.one', role: 'handler', unitId: 'outlet' };
export const head: Actor = { id: 'head.one', role: 'unit_head', unitId: 'haicheng' };
export const asRequest = (actor: Actor, causationId = 'request-1'): CommandRequest => ({ actor, correlationId: 'correlation-1', causationId });

export type RegisterCommand = Extract<ComplaintCommand, { type: 'register' }>;

export const register = (complaintId: string, overrides: Partial<RegisterCommand> = {}): RegisterCommand => ({
  type: 'register',
  complaintId,
  channel: 'walk_in',
  caseType: 'complaint',
  category: 'attitude',
  customer: { name: '陈**' },
  description: '柜员态度冷漠、不耐烦',
  unitId: 'outlet',
  receivedAt: NOW.toISOString(),
  priority: 'normal',
  ...overrides,
});
export const note = (text: string): ComplaintCommand => ({ type: 'add-note', text });
