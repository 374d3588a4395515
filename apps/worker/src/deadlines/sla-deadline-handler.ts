import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '@duban/command-handling';
import { AppConfig } from '@duban/config';
import { DeadlineScheduler, type DeadlineFiring, type DeadlineHandler, type FiringResult } from '@duban/scheduling';
import { caseOfStream, deadlineOf, DeadlineEnforcer, OpenClockIndex, type CaseKind } from '@duban/sla-enforcement';

/**
 * The worker's side of deadlines. A job only says "look at this case now": the enforcer re-reads the
 * case and records what is due, so a duplicate, stale or late job changes nothing it should not.
 * The sweep is the safety net behind the queue: it fires what is overdue straight from the events
 * and (re)schedules what falls due before the next sweep, which also rebuilds a Redis that lost
 * everything. What it records is announced by SlaNotificationRelay, from the event log.
 */
@Injectable()
export class SlaDeadlineHandler implements DeadlineHandler {
  private readonly logger = new Logger('Deadlines');
  private readonly horizonMs: number;

  constructor(
    private readonly enforcer: DeadlineEnforcer,
    private readonly openClocks: OpenClockIndex,
    private readonly scheduler: DeadlineScheduler,
    @Inject(CLOCK) private readonly clock: Clock,
    config: AppConfig,
  ) {
    // Two intervals, so a deadline is scheduled even if one sweep is skipped or late.
    this.horizonMs = 2 * config.SWEEP_INTERVAL_MS;
  }

  async fire(firing: DeadlineFiring): Promise<FiringResult> {
    const target = caseOfStream(firing.caseStream);
    if (!target) return { outcome: 'stale', lateByMs: firing.lateByMs };
    const enforced = await this.enforceCase(target.kind, target.caseId);
    return { outcome: enforced ? 'fired' : 'stale', lateByMs: firing.lateByMs };
  }

  async sweep(): Promise<void> {
    const now = this.clock.now();
    const firings = await this.openClocks.findDueOrUpcoming(now, this.horizonMs);
    const overdueStreams = new Set(firings.filter((firing) => Date.parse(firing.at) <= now.getTime()).map((firing) => firing.stream));
    for (const stream of overdueStreams) {
      const target = caseOfStream(stream);
      if (target) await this.enforceCase(target.kind, target.caseId);
    }
    for (const firing of firings.filter((candidate) => !overdueStreams.has(candidate.stream))) await this.scheduler.schedule(deadlineOf(firing));
    if (overdueStreams.size > 0) this.logger.log(`Sweep enforced ${overdueStreams.size} overdue case(s)`);
  }

  reconcileOnStart(): Promise<void> {
    return this.sweep();
  }

  /** Records what is due on one case and schedules the case's next firings. */
  private async enforceCase(kind: CaseKind, caseId: string): Promise<boolean> {
    const result = await this.enforcer.enforceDeadlines(kind, caseId);
    if (result.events.length > 0 && result.lateByMs > 0) this.logger.log(`${kind} ${caseId}: deadline enforced ${result.lateByMs} ms late`);
    for (const firing of await this.enforcer.nextFirings(kind, caseId)) await this.scheduler.schedule(deadlineOf(firing));
    return result.events.length > 0;
  }
}
