import type { EventMeta, StoredEvent } from '@duban/workflow';
import type { ClockEvent } from '../clock/clock.events';
import { foldClocks, type ClockState } from '../clock/clock.fold';
import { shanghaiIso } from './fixtures';

/** A case stream in memory: case events and clock events, folded on demand. */
export class CaseStream {
  readonly events: StoredEvent[] = [];

  append(...events: StoredEvent[]): void {
    this.events.push(...events);
  }

  get clocks(): ClockState[] {
    return foldClocks(this.events);
  }

  clock(clockId: string): ClockState {
    const clock = this.clocks.find((candidate) => candidate.clockId === clockId);
    if (clock === undefined) throw new Error(`no clock ${clockId} in ${this.clocks.map((candidate) => candidate.clockId).join(', ')}`);
    return clock;
  }

  clockEvents(): ClockEvent[] {
    return this.events.filter((event): event is ClockEvent => event.type.startsWith('Clock'));
  }
}

/** Event metadata at a Shanghai wall-clock time. */
export function at(local: string, actorId = 'system'): EventMeta {
  return { occurredAt: shanghaiIso(local), actorId };
}

/** A workflow case event as the stream holds it (only type and data matter to the SLA). */
export function caseEvent(type: string, local: string, data: Record<string, unknown> = {}): StoredEvent {
  return { type, schemaVersion: 1, data: { ...data, occurredAt: shanghaiIso(local), actorId: 'u-handler' } };
}
