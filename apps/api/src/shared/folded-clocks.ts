import type { LoadedAggregate } from '@duban/command-handling';
import type { RecordedEvent } from '@duban/event-store';
import { foldClocks, type ClockState } from '@duban/sla';
import { toStoredEvent } from '@duban/workflow';

/** By history: a loaded aggregate's history is never changed in place, only replaced by a longer one. */
const foldedByHistory = new WeakMap<readonly RecordedEvent[], readonly ClockState[]>();

/**
 * The clocks of a loaded case, folded once per history: a command's approval check, its deadline
 * scheduling and the view it answers with all read the same fold of the command's own outcome.
 */
export function clocksOf(loaded: Pick<LoadedAggregate<unknown>, 'history'>): readonly ClockState[] {
  let clocks = foldedByHistory.get(loaded.history);
  if (clocks === undefined) {
    clocks = foldClocks(loaded.history.map(toStoredEvent));
    foldedByHistory.set(loaded.history, clocks);
  }
  return clocks;
}
