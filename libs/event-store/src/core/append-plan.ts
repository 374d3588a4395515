import { DuplicateEventIdError, WrongExpectedVersionError } from '../port/event-store.errors';
import type { AppendedPosition, ExpectedRevision, GlobalPosition, StreamRevision } from '../port/event-store.port';
import type { ValidatedEvent } from './append-request';

/** Where an already recorded event stands. */
export interface RecordedLocation {
  stream: string;
  revision: StreamRevision;
  position: GlobalPosition;
}

export type AppendPlan =
  | { kind: 'write'; firstRevision: StreamRevision }
  /** The batch already stands from `firstRevision` on: the adapter returns those events. */
  | { kind: 'already-appended'; firstRevision: StreamRevision; result: AppendedPosition };

/**
 * Decides an append the way EventStoreDB does, for adapters that check revisions themselves.
 * Must run inside the adapter's write transaction so that its inputs cannot go stale.
 *
 * @param currentRevision the stream's last revision, or 'no_stream'
 * @param recordedById where any of the batch's ids are already recorded, in any stream
 */
export function planAppend(
  stream: string,
  events: readonly ValidatedEvent[],
  expected: ExpectedRevision,
  currentRevision: StreamRevision | 'no_stream',
  recordedById: ReadonlyMap<string, RecordedLocation>,
): AppendPlan {
  const first = recordedById.get(events[0].id);
  if (first && first.stream === stream && standsWhereExpected(first.revision, expected)) {
    return { kind: 'already-appended', firstRevision: first.revision, result: replayedResult(stream, events, expected, currentRevision, first, recordedById) };
  }
  if (!revisionMatches(expected, currentRevision)) {
    throw new WrongExpectedVersionError(stream, expected, currentRevision);
  }
  const duplicate = events.find((event) => recordedById.has(event.id));
  if (duplicate) {
    throw new DuplicateEventIdError(duplicate.id, recordedById.get(duplicate.id)!.stream);
  }
  return { kind: 'write', firstRevision: currentRevision === 'no_stream' ? 0n : currentRevision + 1n };
}

function revisionMatches(expected: ExpectedRevision, current: StreamRevision | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === 'no_stream';
    case 'stream_exists':
      return current !== 'no_stream';
    default:
      return current === expected;
  }
}

/** Would an append with this expectation have put its first event at `revision`? */
function standsWhereExpected(revision: StreamRevision, expected: ExpectedRevision): boolean {
  if (expected === 'no_stream') return revision === 0n;
  if (typeof expected === 'bigint') return revision === expected + 1n;
  return true; // 'any' and 'stream_exists' accept the batch wherever it stands
}

/** The whole batch must already stand consecutively; a partial overlap is a conflict, as in EventStoreDB. */
function replayedResult(
  stream: string,
  events: readonly ValidatedEvent[],
  expected: ExpectedRevision,
  currentRevision: StreamRevision | 'no_stream',
  first: RecordedLocation,
  recordedById: ReadonlyMap<string, RecordedLocation>,
): AppendedPosition {
  let last = first;
  events.forEach((event, index) => {
    const recorded = recordedById.get(event.id);
    if (!recorded || recorded.stream !== stream || recorded.revision !== first.revision + BigInt(index)) {
      throw new WrongExpectedVersionError(stream, expected, currentRevision);
    }
    last = recorded;
  });
  return { nextExpectedRevision: last.revision, position: last.position };
}
