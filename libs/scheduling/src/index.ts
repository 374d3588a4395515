export { type Deadline, type DeadlineFiring, type FiringResult, type DueFiring, type DueFiringResult, type DeadlineHandler, DUE_JOB_NAME } from './deadlines/deadline';
export { DeadlineScheduler } from './deadlines/deadline-scheduler';
export { type Notification, notificationJobId } from './notifications/notification';
export { NotificationPublisher } from './notifications/notification-publisher';
export { resolveSchedulingOptions, QUEUES, schedulingOptionsFromConfig } from './scheduling-options';
export { SchedulingModule } from './scheduling.module';
export { type QueueCounts, QueueBacklog } from './queue-backlog';
