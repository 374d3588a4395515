import { deterministicJobId } from '../job-id';

export type DeadlineKind = 'warning' | 'breach';

/** Identifies one deadline of one clock version; a new clock version means new deadlines. */
export interface DeadlineKey {
  caseStream: string;
  clockId: string;
  clockVersion: number;
  kind: DeadlineKind;
  /** For warnings: the fraction of the target elapsed (e.g. 0.8). */
  threshold?: number;
}

export interface Deadline extends DeadlineKey {
  fireAt: Date;
}

/** What the firing handler is told: the deadline, how late the firing is, and which attempt this is. */
export interface DeadlineFiring extends Deadline {
  /** now − fireAt when the handler is called; never negative. */
  lateByMs: number;
  /** 1 on the first try, counting up through retries. */
  attempt: number;
}

/** fired: acted on; stale: the clock moved on (stopped, new version); not-yet: the case says it is not due. */
export type FiringOutcome = 'fired' | 'stale' | 'not-yet';

export interface FiringResult {
  outcome: FiringOutcome;
  lateByMs: number;
}

/**
 * The SLA layer's side of firing: re-read the case and act only if the clock is still due. Called at
 * least once per job (retries, stalled workers), so it must be idempotent; throwing makes BullMQ retry.
 */
export interface DeadlineFiringHandler {
  fire(firing: DeadlineFiring): Promise<FiringResult>;
}

/** The SLA layer's catch-up: scan the read side for due or unscheduled clocks, schedule or fire them. */
export interface DeadlineRecovery {
  /** Called every sweep interval by one worker of the cluster. */
  sweep(): Promise<void>;
  /** Called when a worker starts, before it processes deadlines, and again when Redis lost its data under it. */
  reconcileOnStart(): Promise<void>;
}

export type DeadlineHandler = DeadlineFiringHandler & DeadlineRecovery;

/** The job's payload: JSON, so the date travels as an ISO string. */
export interface DeadlineJobData extends DeadlineKey {
  fireAt: string;
}

export function deadlineJobId(key: DeadlineKey): string {
  const threshold = key.threshold === undefined ? [] : [key.threshold];
  return deterministicJobId('deadline', key.caseStream, key.clockId, key.clockVersion, key.kind, ...threshold);
}

export function toDeadlineJobData(deadline: Deadline): DeadlineJobData {
  return { ...deadline, fireAt: deadline.fireAt.toISOString() };
}

export function fromDeadlineJobData(data: DeadlineJobData): Deadline {
  return { ...data, fireAt: new Date(data.fireAt) };
}
