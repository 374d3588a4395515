import { commandDecision, type LoadedAggregate } from '@duban/command-handling';
import { InvalidCommandError, type AggregateKind, type ValidationIssue } from '@duban/workflow';
import type { AnyMachineSnapshot } from 'xstate';
import type { AggregateType } from './aggregates';
import type { Decision } from './case-commands';

/** Commands that hand a case to a person, and the field naming them. */
const HANDED_TO: Readonly<Partial<Record<AggregateKind, Readonly<Record<string, string>>>>> = {
  complaint: { assign: 'assigneeId', 'hand-over': 'managerId' },
  finding: { plan: 'ownerId' },
};

/**
 * Why the member of staff `username` may not take the case as loaded by `command` (they do not
 * exist, may not act, cannot see it, or are no complaint manager of its unit), or null when they may.
 */
export type MayTakeCase = (username: string, loaded: LoadedAggregate<AnyMachineSnapshot>, command: string) => Refusal | null;

/** A refusal worded after the field's name, in English (`message`) and Chinese (`zh`). */
export type Refusal = Omit<ValidationIssue, 'field'>;

/**
 * The decision of `command` with the handover rule after the decider's own checks (role, state,
 * four-eyes, payload): a case is handed (assigned, a rectification plan owned) only to staff who
 * can see it and may act, since otherwise it would go to someone outside its units, who could
 * never reach it.
 */
export function handingOnlyToStaffWhoSee<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(
  aggregate: AggregateType<TState, TCommand>,
  command: TCommand,
  mayTakeCase: MayTakeCase,
): Decision<TState> {
  const decide = commandDecision(aggregate, command);
  const field = HANDED_TO[aggregate.kind]?.[command.type];
  if (field === undefined) return decide;
  return (current, context) => {
    const events = decide(current, context);
    const username = (command as unknown as Record<string, unknown>)[field];
    const refusal = typeof username === 'string' ? mayTakeCase(username, current, command.type) : { message: 'must be a username', zh: '须为用户名' };
    if (refusal === null) return events;
    throw new InvalidCommandError(aggregate.kind, command.type, [{ field, ...refusal }]);
  };
}
