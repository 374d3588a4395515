import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from '@duban/command-handling';
import { AppConfig } from '@duban/config';
import { DeadlineScheduler, type DeadlineFiring, type DeadlineHandler, type DueFiring, type DueFiringResult, type FiringResult } from '@duban/scheduling';
import { DubanMetrics } from '@duban/metrics';
import { EnforcementActivity } from './enforcement-activity';
import { caseOfStream } from '@duban/sla';
import { CalendarRecalculation, deadlineOf, DeadlineEnforcer, EventSourcedSlaRules, OpenClockIndex } from '@duban/sla-enforcement';

/**
 * Cases enforced at once: their appends are in flight together, so a store that commits concurrent
 * appends as a group needs one transaction for them, and their next firings go to Redis in one
 * round trip. Not more: a chunk runs on the event loop without a break (the SQLite calls are
 * synchronous), and Redis answers, lock renewals and the notification relay wait for it.
 */
export const ENFORCEMENT_CHUNK = 100;

/**
 * The most cases one job enforces: a due instant (or a sweep) that finds more hands them out in
 * parts of this size, so that every worker process shares a burst (BullMQ gives each part to one).
 */
export const DUE_PART_SIZE = 2 * ENFORCEMENT_CHUNK;

/**
 * The worker's side of deadlines. A job only says "look now": a case's own job at one case, the job
 * of a due instant (shared by every deadline due then) at every case the open-clock index finds due,
 * a part of a burst at its cases. A burst larger than a part is handed out in parts, so that every
 * worker process enforces some of it. The enforcer re-reads each case and records what is due, so a
 * duplicate, stale or late job changes nothing it should not. The sweep is the safety net behind the
 * queue: it hands out or enforces what is overdue, found straight from the events, and (re)schedules
 * what falls due before the next sweep, which also rebuilds a Redis that lost everything. What it
 * records is announced by SlaNotificationRelay, from the event log.
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
    private readonly metrics: DubanMetrics,
    private readonly activity: EnforcementActivity,
    private readonly rules: EventSourcedSlaRules,
    private readonly recalculation: CalendarRecalculation,
    config: AppConfig,
  ) {
    // Two intervals, so a deadline is scheduled even if one sweep is skipped or late.
    this.horizonMs = 2 * config.SWEEP_INTERVAL_MS;
  }

  async fire(firing: DeadlineFiring): Promise<FiringResult> {
    const fired = await this.enforceCases([firing.caseStream]);
    return { outcome: fired > 0 ? 'fired' : 'stale', lateByMs: firing.lateByMs };
  }

  async fireDue(firing: DueFiring): Promise<DueFiringResult> {
    if (firing.streams) return { fired: await this.enforceCases(firing.streams), lateByMs: firing.lateByMs };
    const due = await this.openClocks.findDueOrUpcoming(this.clock.now(), 0);
    const fired = await this.enforceOrHandOut(firing.dueAt, new Set(due.map((dueFiring) => dueFiring.stream)));
    return { fired, lateByMs: firing.lateByMs };
  }

  async sweep(): Promise<void> {
    await this.recountOnNewCalendars();
    const now = this.clock.now();
    const firings = await this.openClocks.findDueOrUpcoming(now, this.horizonMs);
    const overdue = firings.filter((firing) => Date.parse(firing.at) <= now.getTime());
    this.metrics.pendingClocks.set({ state: 'overdue' }, overdue.length);
    this.metrics.pendingClocks.set({ state: 'upcoming' }, firings.length - overdue.length);
    const overdueStreams = new Set(overdue.map((firing) => firing.stream));
    await this.scheduler.scheduleAll(firings.filter((candidate) => !overdueStreams.has(candidate.stream)).map(deadlineOf));
    await this.enforceOrHandOut(now, overdueStreams);
    if (overdueStreams.size > 0) this.logger.log(`Sweep found ${overdueStreams.size} overdue case(s)`);
  }

  /** Clocks still on an older calendar version (the API crashed between a publish and its recount) move to the current one; the sweep then schedules them. */
  private async recountOnNewCalendars(): Promise<void> {
    for (const calendar of Object.values((await this.rules.current()).calendars)) {
      const recounted = await this.recalculation.recalculate(calendar);
      if (recounted.length > 0) this.logger.log(`Recounted the clocks of ${recounted.length} case(s) on calendar ${calendar.id} v${calendar.version}`);
    }
  }

  /** Runs as a job once the worker is up (DeadlineSweeper), so start-up never waits for it; a burst it finds is handed out like any other. */
  reconcileOnStart(): Promise<void> {
    return this.sweep();
  }

  /**
   * A burst larger than DUE_PART_SIZE cases is handed out as parts (one job each, due now) for every
   * worker process to take; a smaller one is enforced here. Returns the cases something was recorded
   * on here (0 when handed out). When Redis refuses the parts, this worker enforces them all itself.
   */
  private async enforceOrHandOut(dueAt: Date, streams: ReadonlySet<string>): Promise<number> {
    if (streams.size <= DUE_PART_SIZE) return this.enforceCases(streams);
    const all = [...streams];
    const parts = Array.from({ length: Math.ceil(all.length / DUE_PART_SIZE) }, (_, part) => all.slice(part * DUE_PART_SIZE, (part + 1) * DUE_PART_SIZE));
    if (await this.scheduler.scheduleDueParts(dueAt, parts)) {
      this.logger.log(`${all.length} case(s) due at ${dueAt.toISOString()} handed out in ${parts.length} parts`);
      return 0;
    }
    return this.enforceCases(all);
  }

  /**
   * Records what is due on each case stream, ENFORCEMENT_CHUNK cases at once, and schedules their
   * next firings per chunk. Every case is tried; if any failed, throws once the others are done, so
   * the job is retried (what was recorded is no longer due). Returns the cases something was recorded on.
   */
  private async enforceCases(streams: Iterable<string>): Promise<number> {
    const claimed = this.activity.claim(streams);
    const cases = claimed.flatMap((stream) => {
      const target = caseOfStream(stream);
      return target ? [{ stream, ...target }] : [];
    });
    const failures: unknown[] = [];
    // Each chunk's next firings go to Redis while the next chunk is enforced (scheduling never throws).
    const scheduled: Promise<boolean>[] = [];
    let fired = 0;
    let latestByMs = 0;
    try {
      for (let from = 0; from < cases.length; from += ENFORCEMENT_CHUNK) {
        const chunk = cases.slice(from, from + ENFORCEMENT_CHUNK);
        const settled = await Promise.allSettled(chunk.map(({ kind, caseId }) => this.enforcer.enforceDeadlines(kind, caseId).then((result) => ({ kind, result }))));
        const enforced = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : (failures.push(outcome.reason), [])));
        for (const { kind, result } of enforced.filter((candidate) => candidate.result.events.length > 0)) {
          fired += 1;
          latestByMs = Math.max(latestByMs, result.lateByMs);
          this.metrics.escalationLag.observe({ kind }, result.lateByMs / 1000);
        }
        scheduled.push(this.scheduler.scheduleAll(enforced.flatMap(({ result }) => result.nextFirings.map(deadlineOf))));
      }
      await Promise.all(scheduled);
    } finally {
      this.activity.release(claimed);
    }
    if (fired > 0 && latestByMs > 0) this.logger.log(`Deadlines enforced on ${fired} case(s), up to ${latestByMs} ms late`);
    if (failures.length > 0) {
      const first = failures[0] instanceof Error ? failures[0].message : String(failures[0]);
      throw new AggregateError(failures, `${failures.length} of ${cases.length} case(s) could not be enforced (${first})`);
    }
    return fired;
  }
}
