import fc from 'fast-check';
import { transition, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { ROLES } from '../shared/context';
import { WorkflowError } from '../shared/errors';
import type { StoredEvent } from '../shared/event-envelope';
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

/**
 * Random command sequences through the decider: every accepted decision is stepped through the raw
 * XState `transition`; the fold of the recorded events (after a JSON round trip, and with foreign
 * event types interleaved) must equal that live state.
 */
export function describeFoldProperty<TState extends AnyMachineSnapshot, TEvent extends EventObject & StoredEvent, TCommand extends { type: string }>(
  spec: LifecycleSpec<TState, TEvent, TCommand>,
  invariant: (state: TState, events: readonly TEvent[]) => void,
): void {
  const { decider } = spec;

  it(`folds any decided ${decider.kind} event sequence to the state reached by stepping the machine`, () => {
    fc.assert(
      fc.property(fc.array(intent, { maxLength: 40 }), (intents) => {
        let live = decider.initialState();
        const events: TEvent[] = [];
        intents.forEach((step, index) => {
          const allowed = decider.allowedCommands(live);
          const candidates = step.anyCommand || allowed.length === 0 ? decider.commandTypes : allowed;
          const commandType = candidates[step.commandIndex % candidates.length]!;
          const gate = decider.roleGates[commandType];
          const role = step.offGateRole ?? gate[step.actorIndex % gate.length]!;
          const variants = spec.commandVariants(live, commandType);
          const command = variants[step.variantIndex % variants.length]!;
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

        const stored = JSON.parse(JSON.stringify(events)) as StoredEvent[];
        expect(stored).toEqual(events);
        const folded = decider.fold(stored);
        expect({ value: folded.value, context: folded.context }).toEqual({ value: live.value, context: live.context });
        const withForeignEvents = stored.flatMap((event) => [event, { type: 'SlaClockTicked', schemaVersion: 1, data: { at: event.type } }]);
        expect(decider.fold(withForeignEvents).context).toEqual(live.context);
        expect(decider.allowedCommands(folded)).toEqual(decider.allowedCommands(live));
        invariant(folded, events);
      }),
      { numRuns: 300 },
    );
  });
}
