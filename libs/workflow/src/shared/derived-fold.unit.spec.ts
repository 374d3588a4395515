import { and, assign, setup, type AnyStateMachine } from 'xstate';
import { deriveFoldStep, recordWith } from './derived-fold';

type Counter = { count: number };
type CounterEvent = { type: 'Added' } | { type: 'Finished' } | { type: 'Noted' };

const count = (context: Counter): Counter => ({ count: context.count + 1 });
const counting = setup({
  types: { context: {} as Counter, events: {} as CounterEvent },
  actions: { record: recordWith(count), other: assign({ count: 0 }) },
  guards: { belowTwo: ({ context }) => context.count < 2, always: () => true },
});

/** A machine like the aggregates' (flat, one recording action), with `change` applied to its config. */
function machineWith(change: (config: Record<string, unknown>) => Record<string, unknown> = (config) => config): AnyStateMachine {
  return counting.createMachine(
    change({
      id: 'counter',
      initial: 'open',
      context: { count: 0 },
      on: { Noted: { actions: 'record' } },
      states: {
        open: { on: { Added: { guard: 'belowTwo', actions: 'record' }, Finished: { target: 'done', actions: 'record' } } },
        done: { type: 'final' },
      },
    }) as never,
  ) as unknown as AnyStateMachine;
}

describe('deriveFoldStep', () => {
  it('steps as the machine does: guards both ways, root transitions, targets, refusals', () => {
    const step = deriveFoldStep(machineWith(), count);
    expect(step({ value: 'open', context: { count: 0 } }, { type: 'Added' })).toEqual({ value: 'open', context: { count: 1 } });
    expect(step({ value: 'open', context: { count: 2 } }, { type: 'Added' })).toBeUndefined();
    expect(step({ value: 'done', context: { count: 2 } }, { type: 'Noted' })).toEqual({ value: 'done', context: { count: 3 } });
    expect(step({ value: 'open', context: { count: 5 } }, { type: 'Finished' })).toEqual({ value: 'done', context: { count: 6 } });
    expect(step({ value: 'done', context: { count: 5 } }, { type: 'Finished' })).toBeUndefined();
  });

  it.each<[string, (config: Record<string, unknown>) => Record<string, unknown>, RegExp]>([
    ['a second action', (config) => ({ ...config, on: { Noted: { actions: ['record', 'other'] } } }), /Noted does more than record/],
    ['another action', (config) => ({ ...config, on: { Noted: { actions: 'other' } } }), /Noted does more than record/],
    ['no action', (config) => ({ ...config, on: { Noted: {} } }), /Noted does more than record/],
    ['an entry action', (config) => ({ ...config, entry: 'other' }), /entry or exit actions/],
    ['an eventless transition', (config) => ({ ...config, states: { open: { always: { target: 'done' } }, done: { type: 'final' } } }), /eventless/],
    ['a nested state', (config) => ({ ...config, states: { open: { initial: 'a', states: { a: {} } }, done: { type: 'final' } } }), /counter.open is not a flat state/],
    ['a guard combinator', (config) => ({ ...config, on: { Noted: { guard: and(['belowTwo', 'always']), actions: 'record' } } }), /not a plain function/],
    ['a wildcard', (config) => ({ ...config, on: { '*': { actions: 'record' } } }), /handles \*/],
  ])('refuses at creation a machine with %s', (_, change, message) => {
    expect(() => deriveFoldStep(machineWith(change), count)).toThrow(message);
  });

  it('refuses a machine whose recording applies another reducer', () => {
    expect(() => deriveFoldStep(machineWith(), (context: Counter) => context)).toThrow(/does more than record the event with the aggregate's reducer/);
  });
});
