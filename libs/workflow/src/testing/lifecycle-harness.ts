import { getShortestPaths } from '@xstate/graph';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import type { Decider } from '../shared/aggregate';
import type { Actor, DecideContext } from '../shared/context';
import { CommandNotAllowedError, EventRejectedError } from '../shared/errors';
import type { StoredEvent } from '../shared/event-envelope';
import { actorWith, contextFor, HQ, minutesAfterT0 } from './fixtures';

/**
 * A hand-written description of one aggregate's lifecycle, independent of the machine, against
 * which the exhaustive suite checks both the machine and the decider.
 */
export interface LifecycleSpec<TState extends AnyMachineSnapshot, TEvent extends EventObject & StoredEvent, TCommand extends { type: string }> {
  decider: Decider<TState, TEvent, TCommand>;
  /** Every status, `none` included. */
  statuses: readonly string[];
  /** The status plus the context bits the guards read: finite, so the graph walk ends. */
  stateKey(state: TState): string;
  /** Events of every type that fit this state, as a decider would build them. */
  sampleEvents(state: TState): TEvent[];
  /** The status `event` must lead to from `state`, or null when the machine must refuse it. */
  expectedTarget(state: TState, event: TEvent): string | null;
  /** Valid commands of the type for this state, the plainest first; the others vary the path taken. */
  commandVariants(state: TState, type: TCommand['type']): TCommand[];
  /** Events of an earlier release the machine refuses but the fold reads anew (the definition's upcast): status → event type → status reached. */
  readonly upcastReadings?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * The plainest command of the type, issued by the first role of its gate under an id that wrote
 * no sample event, so neither the role gate nor four-eyes interferes.
 */
export function sampleDecision<TState extends AnyMachineSnapshot, TEvent extends EventObject & StoredEvent, TCommand extends { type: string }>(
  spec: LifecycleSpec<TState, TEvent, TCommand>,
  state: TState,
  type: TCommand['type'],
): { command: TCommand; context: DecideContext } {
  const role = spec.decider.roleGates[type][0];
  const [command] = spec.commandVariants(state, type);
  if (role === undefined || command === undefined) throw new Error(`no role or no sample command for ${type}`);
  // At head office, which answers for every case: no unit's standing (a case it passed up) stands in the way.
  return { command, context: contextFor({ ...actorWith(role, `${role}-sampler`), unitId: HQ }, minutesAfterT0(60)) };
}

/** Every distinct (by stateKey) state reachable from `none`, found by @xstate/graph. */
export function reachableStates<TState extends AnyMachineSnapshot, TEvent extends EventObject & StoredEvent, TCommand extends { type: string }>(
  spec: LifecycleSpec<TState, TEvent, TCommand>,
): TState[] {
  const paths = getShortestPaths(spec.decider.machine, {
    events: (state) => spec.sampleEvents(state as TState),
    serializeState: (state) => spec.stateKey(state as TState),
  });
  return paths.map((path) => path.state as TState);
}

export function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}

/** For every reachable state: every event type against the machine, every command type against the decider. */
export function describeLifecycle<TState extends AnyMachineSnapshot, TEvent extends EventObject & StoredEvent, TCommand extends { type: string }>(
  spec: LifecycleSpec<TState, TEvent, TCommand>,
): void {
  const { decider } = spec;
  const states = reachableStates(spec);
  const cases = states.map((state) => [spec.stateKey(state), state] as const);
  const commandsTheSpecAllows = (state: TState): string[] =>
    decider.commandTypes.filter((commandType) =>
      spec.sampleEvents(state).some((event) => decider.commandEvents[commandType].includes(event.type) && spec.expectedTarget(state, event) !== null),
    );

  const mermaidName = (status: string): string => (status === 'none' ? '[*]' : status);
  const expectedEdges = (): Set<string> =>
    new Set(
      states.flatMap((state) =>
        spec.sampleEvents(state).flatMap((event) => {
          const target = spec.expectedTarget(state, event);
          return target === null ? [] : [`${mermaidName(decider.statusOf(state))} --> ${mermaidName(target)} : ${event.type}`];
        }),
      ),
    );

  describe(`${decider.kind} lifecycle, exhaustively`, () => {
    it('reaches every status of the spec, and only those', () => {
      expect(new Set(states.map((state) => decider.statusOf(state)))).toEqual(new Set(spec.statuses));
    });

    it('samples every event type the machine knows', () => {
      const sampledTypes = new Set(states.flatMap((state) => spec.sampleEvents(state).map((event) => event.type)));
      expect(sampledTypes).toEqual(new Set(decider.eventTypes));
    });

    it('draws a Mermaid diagram with every status and exactly the transitions of the spec', () => {
      const diagram = decider.mermaid();
      const lines = diagram.trimEnd().split('\n');
      expect(lines[0]).toBe('stateDiagram-v2');
      for (const status of spec.statuses.filter((status) => status !== 'none')) {
        expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${status} : \\S`)));
      }
      const drawnEdges = lines.filter((line) => line.includes(' : ') && line.includes(' --> ')).map((line) => line.trim().replace(/ \[\w+\]$/, ''));
      expect(new Set(drawnEdges)).toEqual(expectedEdges());
    });

    it.each(cases)('in %s, accepts an event iff the spec does and lands where the spec says', (_key, state) => {
      for (const event of spec.sampleEvents(state)) {
        const expected = spec.expectedTarget(state, event);
        expect({ event: event.type, accepted: state.can(event) }).toEqual({ event: event.type, accepted: expected !== null });
        const upcastTo = spec.upcastReadings?.[decider.statusOf(state)]?.[event.type];
        if (expected === null && upcastTo !== undefined) {
          expect({ event: event.type, status: decider.statusOf(decider.evolve(state, event)) }).toEqual({ event: event.type, status: upcastTo });
        } else if (expected === null) {
          expect(() => decider.evolve(state, event)).toThrow(EventRejectedError);
        } else {
          expect({ event: event.type, status: decider.statusOf(decider.evolve(state, event)) }).toEqual({ event: event.type, status: expected });
        }
      }
    });

    it.each(cases)('in %s, the decider allows exactly the commands the spec allows', (_key, state) => {
      const allowed = commandsTheSpecAllows(state);
      expect(decider.allowedCommands(state)).toEqual(allowed);

      for (const commandType of decider.commandTypes) {
        const { command, context } = sampleDecision(spec, state, commandType);
        if (allowed.includes(commandType)) {
          const events = decider.decide(state, command, context);
          expect(events.length).toBeGreaterThan(0);
          expect(decider.commandEvents[commandType]).toContain(events[0]?.type);
          expect(() => decider.fold(events, state)).not.toThrow();
        } else {
          const refusal = captureError(() => decider.decide(state, command, context));
          expect(refusal).toBeInstanceOf(CommandNotAllowedError);
          expect(refusal).toMatchObject({ command: commandType, state: decider.statusOf(state), allowedCommands: allowed });
        }
      }
    });
  });
}

/** A stream under test: decides commands with increasing timestamps and folds what they emit. */
export function streamUnderTest<TState extends AnyMachineSnapshot, TEvent extends EventObject & StoredEvent, TCommand extends { type: string }>(
  decider: Decider<TState, TEvent, TCommand>,
) {
  let state = decider.initialState();
  const events: TEvent[] = [];
  let minute = 0;
  return {
    get state(): TState {
      return state;
    },
    get events(): readonly TEvent[] {
      return events;
    },
    run(command: TCommand, actor: Actor): TEvent[] {
      minute += 1;
      const emitted = decider.decide(state, command, contextFor(actor, minutesAfterT0(minute)));
      state = decider.fold(emitted, state);
      events.push(...emitted);
      return emitted;
    },
  };
}
