import { derivedId, jitteredBackoff, sleep, StreamQueue, WriteContentionError, type CompleteEvents, type DomainEvent } from '@duban/command-handling';
import { DuplicateEventIdError, NO_STREAM, readStreamOrEmpty, WrongExpectedVersionError, type EventStore, type RecordedEvent } from '@duban/event-store';
import { CASE_NUMBER_PREFIXES, caseNumberYear, formatCaseNumber, kindCreatedBy, type AggregateKind, type CaseNumberPrefix } from '@duban/workflow';

/** The event of a counter stream: `number` went to the case on `caseStream`. */
export const CASE_NUMBER_ALLOCATED = 'CaseNumberAllocated';

/** One counter per prefix and year (`case-numbers-TS-2026`); its n-th event (revision n - 1) hands out sequence n. */
function caseNumberCounterStream(prefix: CaseNumberPrefix, year: number): string {
  return `case-numbers-${prefix}-${year}`;
}

export interface CaseNumberCounterOptions {
  /** Appends to a contended counter before giving up (WriteContentionError, HTTP 503). */
  readonly maxAttempts?: number;
  readonly backoffMs?: (attempt: number) => number;
}

const DEFAULT_MAX_ATTEMPTS = 50;
const SCAN_PAGE = 500;

/**
 * Hands out case numbers from counter streams that the event store serialises: the next number is
 * appended with the counter's revision as expected revision, so two API instances on one store
 * never hand out the same number, and a conflict just reads the counter again. The allocation's
 * event id derives from the case's stream, so asking again for the same case (a retried append, a
 * follow-up raised by the API and the worker at once) returns the number it already got.
 * A number whose case append then fails for good (the process dies in between) stays unused: a
 * gap, never reused. Within one process, allocations from one counter queue up instead of racing:
 * a burst of registrations would otherwise lose the race to each other until one gave up (503);
 * only allocations from other processes can still make one retry.
 */
export class CaseNumberCounter {
  private readonly maxAttempts: number;
  private readonly backoffMs: (attempt: number) => number;
  private readonly counters = new StreamQueue();

  constructor(
    private readonly store: EventStore,
    options: CaseNumberCounterOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.backoffMs = options.backoffMs ?? jitteredBackoff;
  }

  /** The number of the `kind` case on `caseStream`, registered at `registeredAt` (its year in the bank's time zone). */
  async numberFor(kind: AggregateKind, caseStream: string, registeredAt: string): Promise<string> {
    const prefix = CASE_NUMBER_PREFIXES[kind];
    const year = caseNumberYear(registeredAt);
    const counter = caseNumberCounterStream(prefix, year);
    return this.counters.run(counter, () => this.allocate(prefix, year, counter, derivedId(`case-number\n${caseStream}`), caseStream));
  }

  private async allocate(prefix: CaseNumberPrefix, year: number, counter: string, id: string, caseStream: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const [last] = await readStreamOrEmpty(this.store, counter, { direction: 'backwards', maxCount: 1 });
      if (last?.id === id) return numberOf(last);
      const sequence = last === undefined ? 1 : Number(last.revision) + 2;
      const data = { number: formatCaseNumber(prefix, year, sequence), caseStream };
      try {
        const { recorded } = await this.store.appendToStream(counter, [{ id, type: CASE_NUMBER_ALLOCATED, data }], { expectedRevision: last?.revision ?? NO_STREAM });
        return numberOf(recorded[0]);
      } catch (error) {
        if (error instanceof DuplicateEventIdError) return this.allocatedEarlier(error.existingStream, id);
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (attempt >= this.maxAttempts) throw new WriteContentionError('case number counter', counter, attempt);
        await sleep(this.backoffMs(attempt));
      }
    }
  }

  /**
   * The number an earlier allocation recorded under `id`, searched from the counter's newest event
   * (where a retry finds it). Only stores that keep event ids unique store-wide (SQLite, in-memory)
   * say so; EventStoreDB records the id again, so there a retry after other allocations takes a new
   * number and leaves a gap.
   */
  private async allocatedEarlier(counter: string, id: string): Promise<string> {
    let from: bigint | 'end' = 'end';
    for (;;) {
      const page = await this.store.readStream(counter, { direction: 'backwards', from, maxCount: SCAN_PAGE });
      const found = page.find((event) => event.id === id);
      if (found) return numberOf(found);
      const oldest = page.at(-1);
      if (oldest === undefined || oldest.revision === 0n) throw new Error(`${counter} lost the allocation ${id}`);
      from = oldest.revision - 1n;
    }
  }
}

function numberOf(allocation: RecordedEvent): string {
  const { number } = allocation.data;
  if (typeof number !== 'string') throw new Error(`${allocation.stream} holds an allocation without a number at revision ${allocation.revision}`);
  return number;
}

/** completeEvents for the command handler: numbers every creation event that has no number yet. */
export function caseNumbering(counter: CaseNumberCounter): CompleteEvents {
  return (stream, events) =>
    Promise.all(
      events.map(async (event: DomainEvent): Promise<DomainEvent> => {
        const kind = kindCreatedBy(event.type);
        const data = event.data as { number?: string; occurredAt: string };
        if (kind === undefined || data.number !== undefined) return event;
        return { ...event, data: { ...data, number: await counter.numberFor(kind, stream, data.occurredAt) } };
      }),
    );
}
