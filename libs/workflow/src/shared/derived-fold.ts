import { assign, type AnyStateMachine, type EventObject, type MachineContext } from 'xstate';

/**
 * The pure function an aggregate's `record` action applies: how an accepted event changes the
 * context. It returns the whole context (its type requires every key), so XState's assign, which
 * merges the result over the old context, ends with the result itself, and the derived fold can
 * take it as it is (the fold property compares both).
 */
export type ContextReducer<TContext extends MachineContext, TEvent extends EventObject> = (context: TContext, event: TEvent) => TContext;

/** The recording actions made by `recordWith`, and the reducer each applies. */
const reducers = new WeakMap<object, unknown>();

/**
 * The machine's only action: assigns what the reducer makes of the context and event. Made here so
 * that the derived fold can check, from the machine alone, that a transition does nothing else.
 */
export function recordWith<TContext extends MachineContext, TEvent extends EventObject>(reducer: ContextReducer<TContext, TEvent>) {
  const action = assign<TContext, TEvent, undefined, TEvent, never>(({ context, event }) => reducer(context, event));
  reducers.set(action, reducer);
  return action;
}

/** One way an event may be taken from a state: guard (undefined = always) and target (undefined = stay). */
type Candidate = {
  readonly accepts: ((context: MachineContext, event: EventObject) => boolean) | undefined;
  readonly target: string | undefined;
};

/** Where the fold stands: the state value of a flat machine and its context. */
export type FoldPoint<TContext extends MachineContext> = { readonly value: string; readonly context: TContext };

/**
 * The machine's transitions as a table, state → event type → candidates in XState's order (the
 * state's own, then the root's), so that folding a stored event is a lookup, a guard call and the
 * reducer instead of an interpreter macrostep. Derived from the definition, never written by
 * hand, and refused at start-up for any machine whose transitions could do more than the table
 * models (nested states, entry/exit/eventless/delayed/invoked behaviour, wildcards, built-in guard
 * combinators, or actions other than the one recording of `reducer`).
 */
export function deriveFoldStep<TContext extends MachineContext, TEvent extends EventObject>(
  machine: AnyStateMachine,
  reducer: ContextReducer<TContext, TEvent>,
): (point: FoldPoint<TContext>, event: TEvent) => FoldPoint<TContext> | undefined {
  const refuse = (why: string): never => {
    throw new Error(`Machine ${machine.id} cannot be folded by table: ${why}`);
  };
  const { root } = machine;
  const nodes = Object.values(root.states);
  for (const node of [root, ...nodes]) {
    if (node.entry.length > 0 || node.exit.length > 0) refuse(`${node.id} has entry or exit actions`);
    if (node.always !== undefined || node.invoke.length > 0 || node.after.length > 0) refuse(`${node.id} has eventless, invoked or delayed behaviour`);
  }
  const guardOf = (guard: unknown): Candidate['accepts'] => {
    if (guard === undefined) return undefined;
    const named = typeof guard === 'string' ? { type: guard, params: undefined } : (guard as { type?: unknown; params?: unknown });
    const implementation = typeof guard === 'function' ? guard : machine.implementations.guards[String(named.type)];
    if (typeof implementation !== 'function' || 'check' in implementation || typeof named.params === 'function') {
      return refuse(`guard ${String(named.type)} is not a plain function of the context`);
    }
    const check = implementation as (args: { context: MachineContext; event: EventObject }, params: unknown) => boolean;
    return (context, event) => check({ context, event }, named.params);
  };
  const candidatesOf = (transitions: AnyStateMachine['root']['transitions']): Map<string, Candidate[]> =>
    new Map(
      [...transitions].map(([eventType, definitions]) => {
        if (eventType.includes('*') || eventType.startsWith('xstate.')) refuse(`it handles ${eventType}`);
        const candidates = definitions.map((definition): Candidate => {
          const [action, ...more] = definition.actions;
          const implementation = typeof action === 'string' ? machine.implementations.actions[action] : action;
          if (more.length > 0 || implementation === undefined || reducers.get(implementation as object) !== reducer) {
            refuse(`${definition.source.id} on ${eventType} does more than record the event with the aggregate's reducer`);
          }
          const [target, ...others] = definition.target ?? [];
          if (others.length > 0 || (target !== undefined && target.parent !== root)) refuse(`${definition.source.id} on ${eventType} leaves the flat states`);
          return { accepts: guardOf(definition.guard), target: target?.key };
        });
        return [eventType, candidates];
      }),
    );
  const everywhere = candidatesOf(root.transitions);
  const table = new Map<string, Map<string, Candidate[]>>();
  for (const node of nodes) {
    if (node.type !== 'atomic' && node.type !== 'final') refuse(`${node.id} is not a flat state`);
    const own = candidatesOf(node.transitions);
    for (const [eventType, candidates] of everywhere) own.set(eventType, [...(own.get(eventType) ?? []), ...candidates]);
    table.set(node.key, own);
  }

  // As XState selects: the first candidate whose guard passes wins; undefined when none does.
  return ({ value, context }, event) => {
    const chosen = table
      .get(value)
      ?.get(event.type)
      ?.find((candidate) => candidate.accepts === undefined || candidate.accepts(context, event));
    return chosen === undefined ? undefined : { value: chosen.target ?? value, context: reducer(context, event) };
  };
}
