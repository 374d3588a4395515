import { createActor, initialTransition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import type { Actor, DecideContext, RoleGates } from './context';
import {
  CommandNotAllowedError,
  EventRejectedError,
  ForbiddenByRoleError,
  FourEyesViolationError,
  InvalidCommandError,
  NotResponsibleUnitError,
  UnsupportedSchemaVersionError,
  type AggregateKind,
} from './errors';
import { deriveFoldStep, type ContextReducer, type FoldPoint } from './derived-fold';
import { SCHEMA_VERSION, type StoredEvent } from './event-envelope';
import { toMermaid } from './mermaid';

/**
 * What an aggregate module supplies. The machine owns the lifecycle; everything else here is
 * either data (tables) or the payload-specific part of deciding.
 *
 * Convention that keeps `allowedCommands` exact: machine guards read only the context, never the
 * event payload, so probing the machine with a bare `{ type }` answers "is this event accepted".
 */
export interface AggregateDefinition<TState extends AnyMachineSnapshot, TEvent extends EventObject, TCommand extends { type: string }> {
  readonly kind: AggregateKind;
  readonly machine: AnyStateMachine;
  /** The reducer of the machine's one action (`recordWith`): the fold applies it without the interpreter. */
  readonly record: ContextReducer<TState['context'], TEvent>;
  /** Events each command may produce: the command is allowed when the machine accepts one of them. */
  readonly commandEvents: Readonly<Record<TCommand['type'], readonly TEvent['type'][]>>;
  readonly roleGates: RoleGates<TCommand['type']>;
  /** Four-eyes rule: describes the actor's own earlier act that forbids this command, else null. */
  readonly fourEyesConflict: (state: TState, command: TCommand['type'], actor: Actor) => string | null;
  /** Where the actor stands towards the record (e.g. their unit passed it up): describes why they may not, else null. */
  readonly standingConflict?: (state: TState, command: TCommand['type'], actor: Actor) => string | null;
  /** Validates the payload (InvalidCommandError) and turns a permitted command into events. */
  readonly buildEvents: (state: TState, command: TCommand, context: DecideContext) => TEvent[];
  /**
   * Reads an event as an earlier release recorded it, in the state it reached, as the events of
   * today's machine (undefined: as it is). Stored events are never edited; only the fold reads them anew.
   */
  readonly upcast?: (state: string, event: StoredEvent) => readonly StoredEvent[] | undefined;
}

export interface Decider<TState extends AnyMachineSnapshot, TEvent extends EventObject, TCommand extends { type: string }> {
  readonly kind: AggregateKind;
  readonly machine: AnyStateMachine;
  readonly commandTypes: readonly TCommand['type'][];
  /** Events each command may produce. */
  readonly commandEvents: Readonly<Record<TCommand['type'], readonly TEvent['type'][]>>;
  /** Event types the machine knows; other types in a stream are ignored by the fold. */
  readonly eventTypes: readonly TEvent['type'][];
  readonly roleGates: RoleGates<TCommand['type']>;
  /** The state before the first event: the stream does not exist yet. */
  initialState(): TState;
  /**
   * Checks in this order: role (ForbiddenByRoleError), lifecycle state (CommandNotAllowedError),
   * four-eyes (FourEyesViolationError), standing (NotResponsibleUnitError), payload (InvalidCommandError). Returns the events to append;
   * an empty array means the command is already satisfied (idempotent no-op).
   */
  decide(state: TState, command: TCommand, context: DecideContext): TEvent[];
  /**
   * Applies one stored event. Unknown event types are skipped so that streams may carry events of
   * later features (SLA clocks) without breaking older readers; a known event the machine refuses
   * means a corrupt stream and throws EventRejectedError.
   */
  evolve(state: TState, event: StoredEvent): TState;
  fold(events: readonly StoredEvent[], from?: TState): TState;
  /** The lifecycle state name, e.g. 'received'. */
  statusOf(state: TState): string;
  /** Commands the machine accepts now; with an actor, only those this actor may issue. */
  allowedCommands(state: TState, actor?: Actor): TCommand['type'][];
  /** Mermaid stateDiagram-v2 generated from the machine definition. */
  mermaid(): string;
}

export function createDecider<TState extends AnyMachineSnapshot, TEvent extends EventObject, TCommand extends { type: string }>(
  definition: AggregateDefinition<TState, TEvent, TCommand>,
): Decider<TState, TEvent, TCommand> {
  const { kind, machine, commandEvents, roleGates } = definition;
  const commandTypes = Object.keys(commandEvents) as TCommand['type'][];
  const eventTypes = machine.root.events as TEvent['type'][];
  const knownEventTypes = new Set<string>(eventTypes);

  // xstate's transition() builds a throwaway actor (and its initial snapshot) per call, which was
  // most of a fold's cost. The machines spawn nothing and their actions only assign, so one inert
  // scope whose executor drops the side-effect actions gives the same snapshots at a fraction of it.
  const self = createActor(machine);
  const inertScope: Parameters<typeof machine.transition>[2] = {
    self,
    system: self.system,
    id: '',
    sessionId: '',
    logger: () => undefined,
    defer: () => undefined,
    emit: () => undefined,
    stopChild: () => undefined,
    actionExecutor: () => undefined,
  };
  const transition = (state: TState, event: TEvent): TState => machine.transition(state, event, inertScope) as TState;

  const statusOf = (state: TState): string => String(state.value);
  const standingConflict = definition.standingConflict ?? (() => null);
  const machineAccepts = (state: TState, commandType: TCommand['type']): boolean => commandEvents[commandType].some((eventType) => state.can({ type: eventType }));
  const allowedCommands = (state: TState, actor?: Actor): TCommand['type'][] =>
    commandTypes.filter(
      (commandType) =>
        machineAccepts(state, commandType) &&
        (actor === undefined ||
          (roleGates[commandType].includes(actor.role) && definition.fourEyesConflict(state, commandType, actor) === null && standingConflict(state, commandType, actor) === null)),
    );

  // Folding stored events does not run the interpreter: a table derived from the machine picks each
  // event's transition, and the snapshot is resolved once at the end. Deciding stays on XState.
  const step = deriveFoldStep(machine, definition.record);
  const initial = initialTransition(machine)[0] as TState;
  const fold = (events: readonly StoredEvent[], from?: TState): TState => {
    let point: FoldPoint<TState['context']> = from ?? initial;
    for (const event of events) {
      if (!knownEventTypes.has(event.type)) continue;
      if (event.schemaVersion > SCHEMA_VERSION) {
        throw new UnsupportedSchemaVersionError(event.type, event.schemaVersion, SCHEMA_VERSION);
      }
      for (const current of definition.upcast?.(point.value, event) ?? [event]) point = step(point, current as unknown as TEvent) ?? rejected(point, current);
    }
    if (point === initial) return initialTransition(machine)[0] as TState;
    return point === from ? from : (machine.resolveState(point) as TState);
  };
  const rejected = (point: FoldPoint<TState['context']>, event: StoredEvent): never => {
    throw new EventRejectedError(kind, point.value, event.type);
  };

  const decide = (state: TState, command: TCommand, context: DecideContext): TEvent[] => {
    const commandType: TCommand['type'] = command.type;
    if (!Object.hasOwn(commandEvents, commandType)) {
      throw new InvalidCommandError(kind, String(commandType), [
        { field: 'type', message: `must be one of ${commandTypes.join(', ')}`, zh: `须为下列之一：${commandTypes.join(', ')}` },
      ]);
    }
    const { actor } = context;
    if (!roleGates[commandType].includes(actor.role)) {
      throw new ForbiddenByRoleError(kind, commandType, actor.role, roleGates[commandType]);
    }
    if (!machineAccepts(state, commandType)) {
      throw new CommandNotAllowedError(kind, commandType, statusOf(state), allowedCommands(state));
    }
    const conflict = definition.fourEyesConflict(state, commandType, actor);
    if (conflict !== null) throw new FourEyesViolationError(kind, commandType, actor.id, conflict);
    const standing = standingConflict(state, commandType, actor);
    if (standing !== null) throw new NotResponsibleUnitError(kind, commandType, actor.id, standing);

    const events = definition.buildEvents(state, command, context);
    // The concrete events must pass the machine too; this also replays multi-event decisions (即办).
    events.reduce((current, event) => {
      if (!current.can(event)) throw new CommandNotAllowedError(kind, commandType, statusOf(current), allowedCommands(current));
      return transition(current, event);
    }, state);
    return events;
  };

  return {
    kind,
    machine,
    commandTypes,
    commandEvents,
    eventTypes,
    roleGates,
    initialState: () => initialTransition(machine)[0] as TState,
    decide,
    evolve: (state, event) => fold([event], state),
    fold,
    statusOf,
    allowedCommands,
    mermaid: () => toMermaid(machine),
  };
}
