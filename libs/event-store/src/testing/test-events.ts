import { randomUUID } from 'node:crypto';
import type { JsonObject, NewEvent } from '../port/event-store.port';

export function newEvent(type = 'TestEvent', data: JsonObject = {}, metadata?: JsonObject): NewEvent {
  return { id: randomUUID(), type, data, ...(metadata && { metadata }) };
}

/** A fresh stream category (`test1a2b3c4d`), so tests sharing one store never see each other's events. */
export function uniqueCategory(): string {
  return `test${randomUUID().slice(0, 8)}`;
}

export async function waitFor(condition: () => boolean | Promise<boolean>, description: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}
