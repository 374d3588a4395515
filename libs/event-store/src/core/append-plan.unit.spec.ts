import { DuplicateEventIdError, WrongExpectedVersionError } from '../port/event-store.errors';
import { newEvent } from '../testing/test-events';
import { planAppend, type RecordedLocation } from './append-plan';
import { validateAppend } from './append-request';

// Expected-revision and idempotency rules are exercised end to end by the contract suite; these
// cover what only the self-checking adapters (SQLite, in-memory) do: store-wide unique ids.
describe('planAppend', () => {
  const at = (stream: string, revision: bigint): RecordedLocation => ({ stream, revision, position: revision + 100n });

  it('rejects an id already recorded in another stream', () => {
    const [event] = validateAppend('complaint-2', [newEvent()], 'any');
    const recorded = new Map([[event.id, at('complaint-1', 0n)]]);
    expect(() => planAppend('complaint-2', [event], 'any', 'no_stream', recorded)).toThrow(DuplicateEventIdError);
  });

  it('rejects an id recorded earlier in the same stream but not where this append would put it', () => {
    const events = validateAppend('complaint-1', [newEvent(), newEvent()], 3n);
    const recorded = new Map([[events[1].id, at('complaint-1', 1n)]]);
    expect(() => planAppend('complaint-1', events, 3n, 3n, recorded)).toThrow(DuplicateEventIdError);
  });

  it('reports a wrong expected version before a duplicate id, as EventStoreDB would', () => {
    const [event] = validateAppend('complaint-2', [newEvent()], 'no_stream');
    const recorded = new Map([[event.id, at('complaint-1', 0n)]]);
    expect(() => planAppend('complaint-2', [event], 'no_stream', 4n, recorded)).toThrow(WrongExpectedVersionError);
  });

  it('plans a write at the next revision when nothing is recorded yet', () => {
    const events = validateAppend('complaint-1', [newEvent()], 4n);
    expect(planAppend('complaint-1', events, 4n, 4n, new Map())).toEqual({ kind: 'write', firstRevision: 5n });
  });
});

describe('validateAppend', () => {
  it('lower-cases ids and defaults metadata to {}', () => {
    const event = newEvent('Opened', { a: 1 });
    const [validated] = validateAppend('complaint-1', [{ ...event, id: event.id.toUpperCase() }], 'any');
    expect(validated).toEqual({ id: event.id, type: 'Opened', data: { a: 1 }, metadata: {} });
  });

  it.each([
    ['an empty stream name', () => validateAppend('', [newEvent()], 'any'), /Stream name/],
    ['a negative expected revision', () => validateAppend('s-1', [newEvent()], -1n), /Expected revision/],
    [
      'the same id twice',
      () => {
        const e = newEvent();
        return validateAppend('s-1', [e, e], 'any');
      },
      /twice/,
    ],
    ['an event without a type', () => validateAppend('s-1', [{ ...newEvent(), type: '' }], 'any'), /no type/],
    ['array data', () => validateAppend('s-1', [{ ...newEvent(), data: [] as never }], 'any'), /JSON objects/],
  ])('rejects %s', (_, append, message) => {
    expect(append).toThrow(message);
  });
});
