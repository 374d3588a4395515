import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@duban/event-store';

/** A complaint note as the command layer writes it (about 400 bytes of JSON): the typical append. */
export function noteEvent(text = '已致电客户说明处理进度，客户表示理解并同意等待调查结果'): NewEvent {
  const occurredAt = new Date().toISOString();
  return {
    id: randomUUID(),
    type: 'ComplaintNoteAdded',
    data: { text, authorId: 'handler.haicheng', occurredAt, actorId: 'handler.haicheng' },
    metadata: { actorId: 'handler.haicheng', role: 'handler', unitId: 'anshan-haicheng-yys', occurredAt, correlationId: randomUUID(), causationId: randomUUID(), schemaVersion: 1 },
  };
}
