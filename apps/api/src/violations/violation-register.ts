import { Inject, Injectable } from '@nestjs/common';
import { VIOLATIONS } from '@duban/cases';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { toStoredEvent, toViolationView, violationDecider, type ViolationView } from '@duban/workflow';
import { streamsByPrefix } from '../queries/streams-by-prefix';

/**
 * The violations register (违规服务登记): every violation folded from its stream, oldest first.
 * Violations are few (dozens a quarter per branch), so there is no read model to keep in step, and
 * a GET never writes.
 */
@Injectable()
export class ViolationRegister {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async all(): Promise<ViolationView[]> {
    const views: ViolationView[] = [];
    for (const history of (await streamsByPrefix(this.store, VIOLATIONS.streamPrefix)).values()) {
      const state = violationDecider.fold(history.map(toStoredEvent));
      if (state.value !== 'none') views.push(toViolationView(state));
    }
    // Recorded in one instant (a controlled clock, a batch): the case number keeps the order they were recorded in.
    return views.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.number ?? a.id).localeCompare(b.number ?? b.id));
  }
}
