import type { AggregateType, LoadedAggregate } from '@duban/command-handling';
import type { AuthenticatedUser } from '@duban/identity';
import type { Response } from 'express';
import type { AnyMachineSnapshot } from 'xstate';
import { actorOf } from './case-access';

/** Revisions are bigints in the store; a stream never gets near 2^53 events, so JSON numbers are exact. */
export function revisionNumber(loaded: LoadedAggregate<unknown>): number {
  return loaded.revision === 'no_stream' ? -1 : Number(loaded.revision);
}

/** The view for this user (allowedCommands filtered by role and four-eyes), with its revision, also sent as ETag. */
export function presentAggregate<TState extends AnyMachineSnapshot, TView>(
  aggregate: AggregateType<TState, { type: string }, TView>,
  loaded: LoadedAggregate<TState>,
  user: AuthenticatedUser,
  response: Response,
): TView & { revision: number } {
  const revision = revisionNumber(loaded);
  response.setHeader('ETag', `"${revision}"`);
  return { ...aggregate.toView(loaded.state, actorOf(user)), revision };
}
