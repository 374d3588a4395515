import type { WebhookRouting } from './notifications/webhook-routing';

/** How often and how patiently a queue retries a failed job: exponential backoff from `backoffMs`. */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export interface SchedulingOptions {
  /** BullMQ key prefix: every queue's keys live under `<keyPrefix>:<queue>:…`. */
  keyPrefix?: string;
  /** How often the sweeper asks the SLA layer to catch up on due or unscheduled clocks. */
  sweepIntervalMs?: number;
  deadlineRetry?: RetryPolicy;
  notificationRetry?: RetryPolicy;
  /** Jobs a deadline worker runs at once. */
  deadlineConcurrency?: number;
  /** Deadlines due within one window of this length share one due-instant job, which runs at the window's end. */
  deadlineBatchWindowMs?: number;
  webhooks?: WebhookRouting;
  webhookTimeoutMs?: number;
  /** Longest a producer waits for Redis before giving up (the sweeper catches up later). */
  enqueueTimeoutMs?: number;
}

export type ResolvedSchedulingOptions = Required<SchedulingOptions>;

export const SCHEDULING_DEFAULTS: ResolvedSchedulingOptions = {
  keyPrefix: 'duban',
  sweepIntervalMs: 60_000,
  deadlineRetry: { attempts: 8, backoffMs: 1_000 },
  notificationRetry: { attempts: 10, backoffMs: 5_000 },
  deadlineConcurrency: 4,
  deadlineBatchWindowMs: 100,
  webhooks: {},
  webhookTimeoutMs: 5_000,
  enqueueTimeoutMs: 2_000,
};

export function resolveSchedulingOptions(options: SchedulingOptions = {}): ResolvedSchedulingOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...SCHEDULING_DEFAULTS, ...defined };
}

/** Queue names; BullMQ forbids ':' in them. */
export const QUEUES = {
  deadlines: 'deadlines',
  sweeps: 'deadline-sweeps',
  notifications: 'notifications',
} as const;

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Finished jobs are kept for a while because a job id only deduplicates while its job exists:
 * within this window a repeated schedule or publish is a no-op.
 */
export const RETENTION = {
  removeOnComplete: { age: 7 * DAY_SECONDS },
  removeOnFail: { age: 30 * DAY_SECONDS },
} as const;

export function retryJobOptions(policy: RetryPolicy): { attempts: number; backoff: { type: 'exponential'; delay: number } } {
  return { attempts: policy.attempts, backoff: { type: 'exponential', delay: policy.backoffMs } };
}

/** The scheduling settings of the validated configuration (see AppConfig). */
export function schedulingOptionsFromConfig(config: {
  QUEUE_PREFIX: string;
  SWEEP_INTERVAL_MS: number;
  NOTIFICATION_WEBHOOKS?: string;
  WEBHOOK_TIMEOUT_MS: number;
}): SchedulingOptions {
  return {
    keyPrefix: config.QUEUE_PREFIX,
    sweepIntervalMs: config.SWEEP_INTERVAL_MS,
    webhooks: config.NOTIFICATION_WEBHOOKS ? (JSON.parse(config.NOTIFICATION_WEBHOOKS) as WebhookRouting) : {},
    webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
  };
}
