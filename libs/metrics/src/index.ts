export { DubanMetrics, type CommandOutcome } from './duban-metrics';
export { withTimedAppends } from './timed-appends';
