import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { eventMetadata, type CommandRequest } from '@duban/cases';
import { CLOCK, type Clock } from '@duban/command-handling';
import { decodeEventData } from '@duban/domain-errors';
import { EVENT_STORE, NO_STREAM, readStreamOrEmpty, WrongExpectedVersionError, type EventStore, type RecordedEvent } from '@duban/event-store';
import { staffIdNamedIn } from '@duban/workflow';

/** Stream `employee-<staffId>` holds the one EmployeeDataErased of an erased employee. */
export const EMPLOYEE_STREAM_PREFIX = 'employee-';
export const EMPLOYEE_DATA_ERASED = 'EmployeeDataErased';
const SCHEMA_VERSION = 1;

/** A lawful request to erase an employee's personal data; it names no personal data itself. */
export type EmployeeErasureRequest = { reason: string; requestReference: string };

/** The erasure as recorded: who asked on what ground, and when. */
export type EmployeeErasure = EmployeeErasureRequest & { staffId: string; erasedAt: string; erasedBy: string };

const streamOf = (staffId: string): string => `${EMPLOYEE_STREAM_PREFIX}${staffId}`;

function erasureOf(event: RecordedEvent): EmployeeErasure {
  const data = decodeEventData<{ staffId: string; reason: string; requestReference: string }>(event, [EMPLOYEE_DATA_ERASED], {
    staffId: 'string',
    reason: 'string',
    requestReference: 'string',
  });
  const { actorId, occurredAt } = event.metadata as { actorId?: unknown; occurredAt?: unknown };
  return { staffId: data.staffId, reason: data.reason, requestReference: data.requestReference, erasedAt: String(occurredAt), erasedBy: String(actorId) };
}

/**
 * Employees erased on a lawful request. Events name an employee by staff id only and the name lives
 * in the organisation file, so there is nothing to shred in the log: the erasure is a fact of its
 * own, which every view honours (EmployeeDisclosure) until the organisation file drops the employee,
 * and which erases the files marked as personal data on the records naming them.
 */
@Injectable()
export class EmployeeErasures {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async find(staffId: string): Promise<EmployeeErasure | null> {
    const [recorded] = await readStreamOrEmpty(this.store, streamOf(staffId), { maxCount: 1 });
    return recorded === undefined ? null : erasureOf(recorded);
  }

  async isErased(staffId: string): Promise<boolean> {
    return (await this.find(staffId)) !== null;
  }

  /** Those of `staffIds` who were erased. */
  async erasedAmong(staffIds: readonly string[]): Promise<ReadonlySet<string>> {
    const erased = await Promise.all(staffIds.map((staffId) => this.isErased(staffId)));
    return new Set(staffIds.filter((_staffId, index) => erased[index]));
  }

  /** Whether the employee a violation's or finding's events name was erased: its files marked as personal data are then gone. */
  async namedEmployeeErasedIn(events: readonly RecordedEvent[]): Promise<boolean> {
    const staffId = staffIdNamedIn(events);
    return staffId !== null && this.isErased(staffId);
  }

  /** Records the erasure once; asked again (a retry, a second request) it records nothing and answers the first. */
  async record(staffId: string, request: EmployeeErasureRequest, by: CommandRequest): Promise<EmployeeErasure> {
    const earlier = await this.find(staffId);
    if (earlier !== null) return earlier;
    const now = this.clock.now().toISOString();
    const data = { staffId, reason: request.reason, requestReference: request.requestReference };
    try {
      await this.store.appendToStream(streamOf(staffId), [{ id: randomUUID(), type: EMPLOYEE_DATA_ERASED, data, metadata: eventMetadata(by, now, SCHEMA_VERSION) }], {
        expectedRevision: NO_STREAM,
      });
    } catch (error) {
      // A concurrent request recorded it first: theirs is the erasure.
      if (error instanceof WrongExpectedVersionError) return (await this.find(staffId))!;
      throw error;
    }
    return { ...data, erasedAt: now, erasedBy: by.actor.id };
  }
}
