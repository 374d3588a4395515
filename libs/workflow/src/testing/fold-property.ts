import fc from 'fast-check';
import { transition, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { ROLES } from '../shared/context';
import type { Decider } from '../shared/aggregate';
import { EventRejectedError, UnsupportedSchemaVersionError, WorkflowError } from '../shared/errors';
import { SCHEMA_VERSION, type StoredEvent } from '../shared/event-envelope';
import { actorWith, contextFor, minutesAfterT0 } from './fixtures';
import type { LifecycleSpec } from './lifecycle-harness';

/**
 * One random step: which command (mostly one the machine allows now, so runs get deep), which
 * variant, and who issues it (mostly a role its gate lets in).
 */
const intent = fc.record({
  anyCommand: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
  commandIndex: fc.nat(),
  variantIndex: fc.nat(),
  actorIndex: fc.integer({ min: 0, max: 1 }),
  offGateRole: fc.option(fc.constantFrom(...ROLES), { freq: 4 }),
});

/** Changes to a decided event sequence: a copy of one of its events, a foreign event, one from a later schema, or a removal. */
const edit = fc.record({
  kind: fc.constantFrom('copy', 'foreign', 'later-schema', 'drop'),
  at: fc.nat(),
  pick: fc.nat(),
});

/**
 * Random command sequences through the decider; every accepted decision is also stepped through
 * the raw XState `transition`. Returns the events recorded and the live state they led to.
 */
function decidedRun<TState extends AnyMachineSnapshot, TEvent extends EventObject & StoredEvent, TCommand extends { type: string }>(
  spec: LifecycleSpec<TState, TEvent, TCommand>,
  intents: readonly (typeof intent extends fc.Arbitrary<infer T> ? T : never)[],
): { live: TState; events: TEvent[] } {
  const { decider } = spec;
  let live = decider.initialState();
  const events: TEvent[] = [];
  intents.forEach((step, index) => {
    const allowed = decider.allowedCommands(live);
    const candidates = step.anyCommand || allowed.length === 0 ? decider.commandTypes : allowed;
    const commandType = candidates[step.commandIndex % candidates.length];
    const gate = decider.roleGates[commandType];
    const role = step.offGateRole ?? gate[step.actorIndex % gate.length];
    const variants = spec.commandVariants(live, commandType);
    const command = variants[step.variantIndex % variants.length];
    let emitted: TEvent[];
    try {
      emitted = decider.decide(live, command, contextFor(actorWith(role, `${role}-${step.actorIndex}`), minutesAfterT0(index + 1)));
    } catch (error) {
      if (error instanceof WorkflowError) return;
      throw error;
    }
    for (const event of emitted) {
      live = transition(decider.machine, live, event)[0] as TState;
      events.push(event);
    }
  });
  return { live, events };
}

/** The fold as the interpreter does it: XState's `can` and `transition` per stored event. */
function interpreterEvolve<TState extends AnyMachineSnapshot>(decider: Decider<TState, EventObject, { type: string }>, state: TState, event: StoredEvent): TState {
  if (!decider.eventTypes.includes(event.type)) return state;
  if (event.schemaVersion > SCHEMA_VERSION) throw new UnsupportedSchemaVersionError(event.type, event.schemaVersion, SCHEMA_VERSION);
  if (!state.can(event)) throw new EventRejectedError(decider.kind, String(state.value), event.type);
  return transition(decider.machine, state, event)[0] as TState;
}

/** What a consumer of a folded state reads, or the error the fold threw. */
function outcomeOf<TState extends AnyMachineSnapshot>(decider: Decider<TState, EventObject, { type: string }>, fold: () => TState): unknown {
  try {
    const state = fold();
    return { value: state.value, context: state.context, status: state.status, allowedCommands: decider.allowedCommands(state) };
  } catch (error) {
    if (error instanceof WorkflowError) return { error: error.constructor.name, message: error.message };
    throw error;
  }
}

/**
 * The fold of the recorded events (after a JSON round trip, and with foreign event types
 * interleaved) must equal the live state; and the derived fold must agree with the interpreter
 * event by event over edited sequences, refusing (guards both ways, wrong states, later schemas)
 * exactly where the interpreter refuses.
 */
export function describeFoldProperty<TState extends AnyMachineSnapshot, TEvent extends EventObject & StoredEvent, TCommand extends { type: string }>(
  spec: LifecycleSpec<TState, TEvent, TCommand>,
  invariant: (state: TState, events: readonly TEvent[]) => void,
): void {
  const { decider } = spec;
  const untyped = decider as unknown as Decider<TState, EventObject, { type: string }>;

  it(`folds any decided ${decider.kind} event sequence to the state reached by stepping the machine`, () => {
    fc.assert(
      fc.property(fc.array(intent, { maxLength: 40 }), (intents) => {
        const { live, events } = decidedRun(spec, intents);
        const stored = JSON.parse(JSON.stringify(events)) as StoredEvent[];
        expect(stored).toEqual(events);
        const folded = decider.fold(stored);
        expect({ value: folded.value, context: folded.context, status: folded.status }).toEqual({ value: live.value, context: live.context, status: live.status });
        const withForeignEvents = stored.flatMap((event) => [event, { type: 'SlaClockTicked', schemaVersion: 1, data: { at: event.type } }]);
        expect(decider.fold(withForeignEvents).context).toEqual(live.context);
        expect(decider.allowedCommands(folded)).toEqual(decider.allowedCommands(live));
        invariant(folded, events);
      }),
      { numRuns: 300 },
    );
  });

  it(`folds any edited ${decider.kind} event sequence as the interpreter does, refusals included`, () => {
    fc.assert(
      fc.property(fc.array(intent, { maxLength: 30 }), fc.array(edit, { maxLength: 6 }), (intents, edits) => {
        const sequence: StoredEvent[] = JSON.parse(JSON.stringify(decidedRun(spec, intents).events)) as StoredEvent[];
        for (const { kind, at, pick } of edits) {
          const picked = sequence[pick % Math.max(sequence.length, 1)];
          const place = at % (sequence.length + 1);
          if (kind === 'drop') sequence.splice(place, 1);
          else if (kind === 'foreign') sequence.splice(place, 0, { type: 'SlaClockTicked', schemaVersion: 1, data: {} });
          else if (picked) sequence.splice(place, 0, kind === 'copy' ? picked : { ...picked, schemaVersion: SCHEMA_VERSION + 1 });
        }
        expect(outcomeOf(untyped, () => decider.fold(sequence))).toEqual(
          outcomeOf(untyped, () => sequence.reduce((state, event) => interpreterEvolve(untyped, state, event), decider.initialState())),
        );
        // Step by step, skipping what both refuse, so the sequence goes on past a refusal.
        let derived = decider.initialState();
        let interpreted = decider.initialState();
        for (const event of sequence) {
          const next = outcomeOf(untyped, () => decider.evolve(derived, event));
          expect(next).toEqual(outcomeOf(untyped, () => interpreterEvolve(untyped, interpreted, event)));
          if ('error' in (next as object)) continue;
          derived = decider.evolve(derived, event);
          interpreted = interpreterEvolve(untyped, interpreted, event);
        }
      }),
      { numRuns: 300 },
    );
  });
}
