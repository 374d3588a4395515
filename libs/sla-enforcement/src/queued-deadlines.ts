import type { Deadline, DeadlineScheduler } from '@duban/scheduling';
import type { ClockFiring } from './case-clocks';
import { type CaseKind, type ClockState } from '@duban/sla';
import type { DeadlineEnforcer } from './deadline-enforcer';
import type { DeadlineScheduling } from './deadline-scheduling';

/** The queue's deadline for a clock firing; the breach is the clock's one deadline without a threshold. */
export function deadlineOf(firing: ClockFiring): Deadline {
  return {
    caseStream: firing.stream,
    clockId: firing.clockId,
    clockVersion: firing.version,
    kind: firing.kind,
    ...(firing.kind === 'warning' ? { threshold: firing.threshold } : {}),
    fireAt: new Date(firing.at),
  };
}

/**
 * Schedules what a case's open clocks still owe as delayed jobs, in one round trip
 * (`DeadlineScheduler.scheduleAll`: a deadline still ahead joins the job of its due instant, which
 * the cases due then share). Job ids are deterministic, so scheduling after every command is cheap
 * and never doubles a job; when Redis is down the scheduler answers false and the worker's sweeper
 * catches up from the events, and a Redis that does not answer delays a command by one enqueue
 * timeout at most.
 */
export class QueuedDeadlineScheduling implements DeadlineScheduling {
  constructor(
    private readonly enforcer: DeadlineEnforcer,
    private readonly scheduler: DeadlineScheduler,
  ) {}

  async clocksChanged(kind: CaseKind, caseId: string): Promise<void> {
    await this.schedule(await this.enforcer.nextFirings(kind, caseId));
  }

  async clocksRecorded(stream: string, clocks: readonly ClockState[]): Promise<void> {
    await this.schedule(await this.enforcer.firingsOfClocks(stream, clocks));
  }

  private async schedule(firings: readonly ClockFiring[]): Promise<void> {
    await this.scheduler.scheduleAll(firings.map(deadlineOf));
  }
}
