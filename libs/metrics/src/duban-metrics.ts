import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a command ended, as an operator reads it: written, answered from an earlier write, nothing to do, refused, lost a race, or broke. */
export type CommandOutcome = 'recorded' | 'replayed' | 'unchanged' | 'refused' | 'conflict' | 'failed';

// Commands and appends live in milliseconds; escalation lag in seconds to minutes.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const LAG_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900];

/**
 * Every Prometheus instrument of one process (API or worker), on a registry of its own so two
 * applications in one test process do not share counts. Names follow Prometheus conventions:
 * base units (seconds), `_total` for counters; which app and instance is the scrape's job label.
 */
export class DubanMetrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: 'duban_commands_total',
    help: 'Commands handled, by aggregate, command and outcome',
    labelNames: ['aggregate', 'command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly commandDuration = this.histogram('duban_command_duration_seconds', 'Time from receiving a command to its outcome (load, decide, append, schedule)', LATENCY_BUCKETS, [
    'aggregate',
    'command',
  ]);

  readonly storeAppendDuration = this.histogram('duban_store_append_duration_seconds', 'Time of one append to the event store, including its durable commit', LATENCY_BUCKETS, []);

  readonly escalationLag = this.histogram('duban_escalation_lag_seconds', 'How late a deadline was enforced: the recorded firing time minus the time it was due', LAG_BUCKETS, [
    'kind',
  ]);

  readonly pendingClocks = this.gauge(
    'duban_pending_clock_firings',
    'Clock firings (warnings and breaches) of open clocks as of the last sweep: overdue, and upcoming before the next two sweeps',
    ['state'],
  );

  readonly queueJobs = this.gauge('duban_queue_jobs', 'Jobs in each queue by state, read from Redis when scraped', ['queue', 'state']);

  readonly calendarDaysLeft = this.gauge(
    'duban_calendar_horizon_days_left',
    'Days until the coverage horizon of each calendar the SLA policies use (negative once past; due times beyond it are provisional), when scraped',
    ['calendar'],
  );

  readonly projectionLag = this.gauge('duban_projection_lag_events', "Positions of the global log this process's read models have not applied yet, when scraped", []);

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'duban_' });
  }

  /** Times `work` as a command of `aggregate`/`command`; the outcome comes from its result or its error. */
  async timeCommand<T>(
    aggregate: string,
    command: string,
    work: () => Promise<T>,
    outcomeOf: (result: T) => CommandOutcome,
    failureOf: (error: unknown) => CommandOutcome,
  ): Promise<T> {
    const stop = this.commandDuration.startTimer({ aggregate, command });
    try {
      const result = await work();
      this.commands.inc({ aggregate, command, outcome: outcomeOf(result) });
      return result;
    } catch (error) {
      this.commands.inc({ aggregate, command, outcome: failureOf(error) });
      throw error;
    } finally {
      stop();
    }
  }

  private histogram<TLabel extends string>(name: string, help: string, buckets: number[], labelNames: readonly TLabel[]): Histogram<TLabel> {
    return new Histogram({ name, help, buckets, labelNames, registers: [this.registry] });
  }

  private gauge<TLabel extends string>(name: string, help: string, labelNames: readonly TLabel[]): Gauge<TLabel> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** The exposition text for GET /metrics, after `refresh` has set the gauges read on scrape. */
  async exposition(refresh: () => Promise<void> = async () => undefined): Promise<string> {
    await refresh();
    return this.registry.metrics();
  }
}
