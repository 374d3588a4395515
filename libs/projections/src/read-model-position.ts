import type { GlobalPosition } from '@duban/event-store';

/** How far the read models stand behind the store's head; `lag` in events, counted up to a limit. */
export type ReadModelLag = { position: GlobalPosition; headPosition: GlobalPosition; lag: bigint };

/**
 * Where the read models this process reads stand in the global log: what `?minPosition=`,
 * `/health/ready` and `/metrics` ask. `ProjectionRunner` answers for this process's SQLite file,
 * `SharedReadModelPosition` for the rows shared in PostgreSQL (the projector's checkpoint).
 */
export interface ReadModelPosition {
  /** The last global position the read models include. */
  position(): GlobalPosition;
  lag(): Promise<ReadModelLag>;
  /** Resolves true once the read models include `position`, false after `timeoutMs`. */
  waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean>;
}

/** The Nest token of the configured `ReadModelPosition`. */
export const READ_MODEL_POSITION = Symbol('READ_MODEL_POSITION');
