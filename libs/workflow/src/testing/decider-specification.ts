import type { AnyMachineSnapshot, EventObject } from 'xstate';
import type { Decider } from '../shared/aggregate';
import type { Actor, DecideContext } from '../shared/context';
import type { StoredEvent } from '../shared/event-envelope';
import { contextFor, minutesAfterT0 } from './fixtures';

/** What a decision produced: its events, the state after them, and the whole history to give the next specification. */
export interface Decision<TState, TEvent> {
  events: TEvent[];
  state: TState;
  history: StoredEvent[];
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Given these recorded events, when this command, then these events (or this error). The Given is
 * folded exactly as a stream read back from the store, so it may hold events written by older
 * versions or of types the decider skips. Nothing here keeps state: each step returns a new value.
 *
 * `when` takes a full context, or just the actor, who then decides one minute after T0 per recorded
 * event, so the timestamps of a history built step by step keep increasing.
 */
export function spec<TState extends AnyMachineSnapshot, TEvent extends EventObject & StoredEvent, TCommand extends { type: string }>(decider: Decider<TState, TEvent, TCommand>) {
  return {
    given: (history: readonly StoredEvent[] = []) => ({
      when: (command: TCommand, by: Actor | DecideContext) => {
        const context = 'actor' in by ? by : contextFor(by, minutesAfterT0(history.length + 1));
        const decide = (): Decision<TState, TEvent> => {
          const before = decider.fold(history);
          const events = decider.decide(before, command, context);
          return { events, state: decider.fold(events, before), history: [...history, ...events] };
        };
        return {
          /** The decided events must equal `expected` (asymmetric matchers welcome); `[]` is an idempotent no-op. */
          then(expected: readonly unknown[]): Decision<TState, TEvent> {
            const decision = decide();
            expect(decision.events).toEqual(expected);
            return decision;
          },
          /** Deciding (or folding the Given) must throw an instance of `errorClass` that matches `properties`. */
          thenThrows(errorClass: ErrorClass, properties: object = {}): Error {
            let decided: TEvent[];
            try {
              decided = decide().events;
            } catch (error) {
              expect(error).toBeInstanceOf(errorClass);
              expect(error).toMatchObject(properties);
              return error as Error;
            }
            throw new Error(`expected ${command.type} to throw ${errorClass.name}, but it decided ${JSON.stringify(decided.map((event) => event.type))}`);
          },
        };
      },
    }),
  };
}
