import { randomUUID } from 'node:crypto';
import { complaintBody } from './demo-data';
import type { HttpClient } from './duban-processes';

/**
 * What the multi-instance tests send through two APIs at once: `complaints` registrations spread
 * over both, a note on each complaint through each API at the same moment (both must land), and on
 * the first half a reply through both APIs deciding on the same revision with If-Match (one must
 * win, the other get 412). Expectations on the answers are checked here; the log is the caller's.
 */
export async function sendContendingCommands(handlers: readonly HttpClient[], complaints: number): Promise<{ ids: string[]; answered: string[] }> {
  const ids = await Promise.all(
    Array.from({ length: complaints }, async (_, index) => {
      const answer = await handlers[index % handlers.length].post('/complaints', complaintBody(), { 'Idempotency-Key': randomUUID() });
      expect(answer.status).toBe(201);
      return answer.body.id as string;
    }),
  );

  const notes = await Promise.all(
    ids.flatMap((id) => handlers.map((handler, via) => handler.post(`/complaints/${id}/notes`, { text: `经由实例 ${via} 的备注` }, { 'Idempotency-Key': randomUUID() }))),
  );
  expect(notes.map((answer) => answer.status)).toEqual(notes.map(() => 200));

  const answered = ids.slice(0, complaints / 2);
  for (const id of answered) {
    const { headers } = await handlers[0].get(`/complaints/${id}`);
    const etag = headers.get('etag')!;
    const replies = await Promise.all(
      handlers.map((handler) =>
        handler.post(`/complaints/${id}/reply`, { responsibility: 'customer', text: '已致歉并说明。', channel: 'phone' }, { 'Idempotency-Key': randomUUID(), 'If-Match': etag }),
      ),
    );
    expect(replies.map((answer) => answer.status).sort()).toEqual([200, 412]);
  }
  return { ids, answered };
}
