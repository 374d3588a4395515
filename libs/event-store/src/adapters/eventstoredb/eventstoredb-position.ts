import type { Position } from '@eventstore/db-client';
import type { GlobalPosition } from '../../port/event-store.port';

/*
 * EventStoreDB orders $all by (commit, prepare). The commit position alone is not unique: events
 * written by one multi-event append share it. So our single bigint packs both, commit in the high
 * 64 bits and prepare in the low 64: unique, ordered like $all, and `p + 1n` is the first position
 * after p. Such positions exceed 2^64: keep them as bigint (or decimal text), never as int64 or number.
 */
const PREPARE_BITS = 64n;
const PREPARE_MASK = (1n << PREPARE_BITS) - 1n;
const MAX_LOG_POSITION = 2n ** 63n - 1n;

/** Undefined for positions the server left unset (it reports -1 or 2^64 - 1 there). */
export function toGlobalPosition(position: Position | undefined): GlobalPosition | undefined {
  if (!position || !isLogPosition(position.commit) || !isLogPosition(position.prepare)) return undefined;
  return (position.commit << PREPARE_BITS) | position.prepare;
}

export function toEventStoreDbPosition(position: GlobalPosition): Position {
  return { commit: position >> PREPARE_BITS, prepare: position & PREPARE_MASK };
}

function isLogPosition(value: bigint): boolean {
  return value >= 0n && value <= MAX_LOG_POSITION;
}
