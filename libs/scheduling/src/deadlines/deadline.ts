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

/** What the handler of a due-instant job is told: the instant, how late the job runs, and which attempt this is. */
export interface DueFiring {
  dueAt: Date;
  /** now − dueAt when the handler is called; never negative. */
  lateByMs: number;
  attempt: number;
  /** A part of a burst (DeadlineScheduler.scheduleDueParts): act on these case streams only; absent, on everything due. */
  streams?: readonly string[];
}

export interface DueFiringResult {
  /** Cases on which something was recorded. */
  fired: number;
  lateByMs: number;
}

/**
 * The SLA layer's side of firing: re-read the case and act only if the clock is still due. Called at
 * least once per job (retries, stalled workers), so it must be idempotent; throwing makes BullMQ retry.
 */
export interface DeadlineFiringHandler {
  fire(firing: DeadlineFiring): Promise<FiringResult>;
  /** The job of a due instant, shared by every deadline due then: act on everything due by now, whatever the case (or, for a part, on its streams). */
  fireDue(firing: DueFiring): Promise<DueFiringResult>;
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

/** The payload of a due-instant job or of a part of one (job name DUE_JOB_NAME). */
export interface DueJobData {
  dueAt: string;
  /** A part's case streams. */
  streams?: string[];
}

export const DUE_JOB_NAME = 'due';

/**
 * The instant of the due-instant job a deadline joins: its fire time rounded up to `windowMs`, so
 * deadlines a few milliseconds apart (clocks started one after another) share one job, and none fires early.
 */
export function dueInstantOf(fireAt: Date, windowMs: number): Date {
  return new Date(Math.ceil(fireAt.getTime() / windowMs) * windowMs);
}

export function dueJobId(dueAt: Date): string {
  return deterministicJobId('deadlines-due', dueAt.getTime());
}

/** The `part`-th part of a due instant's burst (see DeadlineScheduler.scheduleDueParts). */
export function duePartJobId(dueAt: Date, part: number): string {
  return deterministicJobId('deadlines-due', dueAt.getTime(), part);
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
