import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { COMPLAINTS, CaseCommandHandler, customerSealing, type CommandRequest } from '@duban/cases';
import type { EventStore } from '@duban/event-store';
import { EnvelopeCustomerKeyStore, SqliteCustomerKeyRows } from '@duban/personal-data';
import { orgTreeFromParents, type Actor, type ComplaintCommand } from '@duban/workflow';

const orgTree = orgTreeFromParents({ hq: null, anshan: 'hq', haicheng: 'anshan', outlet: 'haicheng' });
const handler: Actor = { id: 'handler.bench', role: 'handler', unitId: 'outlet' };
const request = (causationId: string): CommandRequest => ({ actor: handler, correlationId: causationId, causationId });

/** A CaseCommandHandler wired as CasesModule wires it: real clock, customer data sealed under keys in `directory`. */
export function benchCommandHandler(store: EventStore, directory: string): CaseCommandHandler {
  const keys = new EnvelopeCustomerKeyStore(randomBytes(32), new SqliteCustomerKeyRows(join(directory, 'customer-keys.sqlite')));
  return new CaseCommandHandler(store, { now: () => new Date() }, orgTree, { protectPersonalData: customerSealing(keys) });
}

export const registerCommand = (complaintId: string): ComplaintCommand => ({
  type: 'register',
  complaintId,
  channel: 'walk_in',
  caseType: 'complaint',
  category: 'attitude',
  customer: { name: '陈小明', phone: '13800000000' },
  description: '柜员态度冷漠、不耐烦，办理业务等候时间过长',
  unitId: 'outlet',
  receivedAt: new Date().toISOString(),
  priority: 'normal',
});

export const noteCommand = (text = '已致电客户说明处理进度'): ComplaintCommand => ({ type: 'add-note', text });

export async function registerComplaint(commands: CaseCommandHandler, id: string): Promise<void> {
  await commands.execute(COMPLAINTS, id, registerCommand(id), request(`register-${id}`));
}

export async function addNote(commands: CaseCommandHandler, id: string, causationId: string): Promise<void> {
  await commands.execute(COMPLAINTS, id, noteCommand(), request(causationId));
}
