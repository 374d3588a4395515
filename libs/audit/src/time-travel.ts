import type { RecordedEvent } from '@duban/event-store';
import { occurredAtOf } from './event-time';

/** A moment of a record's past: a revision of its stream, or an instant. */
export type Moment = { readonly revision: number } | { readonly at: string };

/** The record as it stood at a moment: the events recorded by then, and the instant its clocks are read at. */
export type PastState = {
  readonly events: readonly RecordedEvent[];
  readonly revision: number;
  /** When the last of `events` happened. */
  readonly occurredAt: string;
  /** The requested instant, or the time of the event at the requested revision. */
  readonly clocksReadAt: string;
};

export class MomentNotFoundError extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'MomentNotFoundError';
  }
}

/**
 * The prefix of `history` that had been recorded at the moment. At an instant that is every event
 * up to the first one that happened later: a stream is recorded in order, so an event with a later
 * time ends the prefix even if a skewed clock stamped one after it earlier.
 * `subject` (e.g. "complaint c-1") names the record in errors.
 */
export function pastStateOf(subject: string, history: readonly RecordedEvent[], moment: Moment): PastState {
  const lastRevision = history.length - 1;
  if ('revision' in moment) {
    const event = history[moment.revision];
    if (event === undefined) {
      throw new MomentNotFoundError(`${subject} has revisions 0 to ${lastRevision}; revision ${moment.revision} does not exist.`, {
        revision: moment.revision,
        lastRevision,
      });
    }
    return { events: history.slice(0, moment.revision + 1), revision: moment.revision, occurredAt: occurredAtOf(event), clocksReadAt: occurredAtOf(event) };
  }
  const atMs = Date.parse(moment.at);
  const later = history.findIndex((event) => Date.parse(occurredAtOf(event)) > atMs);
  const count = later === -1 ? history.length : later;
  const at = new Date(atMs).toISOString();
  if (count === 0) {
    const createdAt = history[0] === undefined ? null : occurredAtOf(history[0]);
    throw new MomentNotFoundError(`${subject} did not exist yet at ${at}${createdAt === null ? '' : `; it was created at ${createdAt}`}.`, { at, createdAt });
  }
  return { events: history.slice(0, count), revision: count - 1, occurredAt: occurredAtOf(history[count - 1]), clocksReadAt: at };
}
