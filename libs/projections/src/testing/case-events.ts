import { randomUUID } from 'node:crypto';
import type { EventStore } from '@duban/event-store';

/** Events written straight to a store, as the command layer would: for projection tests without the API. */
export const actedAt = (occurredAt: string) => ({ occurredAt, actorId: 'handler.haicheng' });

export function appendEvent(store: EventStore, stream: string, type: string, data: Record<string, unknown>) {
  return store.appendToStream(stream, [{ id: randomUUID(), type, data: data as never, metadata: { schemaVersion: 1 } }]);
}

export function registerComplaint(store: EventStore, id: string, unitId: string, receivedAt: string, description = '柜员态度冷漠') {
  return appendEvent(store, `complaint-${id}`, 'ComplaintRegistered', {
    complaintId: id,
    channel: 'walk_in',
    caseType: 'complaint',
    category: 'attitude',
    customer: { name: '陈**', phone: null, idNumber: null },
    description,
    priority: 'normal',
    unitId,
    atHeadOffice: false,
    receivedAt,
    ...actedAt(receivedAt),
  });
}
