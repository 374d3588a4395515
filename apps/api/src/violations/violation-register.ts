import { Inject, Injectable } from '@nestjs/common';
import { VIOLATIONS } from '@duban/cases';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { toViolationView, violationDecider, type ViolationState, type ViolationView } from '@duban/workflow';
import { FoldedStreams } from '../queries/folded-streams';

/**
 * The violations register (违规服务登记): every violation folded from its stream (FoldedStreams:
 * only what was recorded since the last read), oldest first. No read model to keep in step, and a
 * GET never writes.
 */
@Injectable()
export class ViolationRegister {
  private readonly violations: FoldedStreams<ViolationState, ViolationView>;

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    this.violations = new FoldedStreams(
      store,
      VIOLATIONS.streamPrefix,
      (events, from) => violationDecider.fold(events, from),
      (state) => (state.value === 'none' ? undefined : toViolationView(state)),
    );
  }

  async all(): Promise<ViolationView[]> {
    const views = await this.violations.items();
    // Recorded in one instant (a controlled clock, a batch): the case number keeps the order they were recorded in.
    return views.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.number ?? a.id).localeCompare(b.number ?? b.id));
  }
}
