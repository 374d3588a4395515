export { CASE_AGGREGATES, CASE_KINDS, CASE_STREAM_PREFIXES, caseOfStream, isCaseKind, type CaseKind } from './case-kinds';
export { caseClockViews, firingsOf, recordedClockViews, type ClockFiring } from './case-clocks';
export { recordedCaseOf } from './recorded-cases';
export { CLOCK_COMMAND_ROLES, decideClockCommand, type ClockCommand, type ClockCommandType } from './clock-commands';
export { DeadlineEnforcer, type EnforcementResult } from './deadline-enforcer';
export { DEADLINE_SCHEDULING, type DeadlineScheduling } from './deadline-scheduling';
export { deadlineOf, QueuedDeadlineScheduling } from './queued-deadlines';
export { OpenClockIndex, type OpenClockIndexOptions } from './open-clock-index';
export { isClockEventType, SlaCompanion } from './sla-companion';
export {
  CALENDAR_PUBLISHED,
  CALENDAR_STREAM_PREFIX,
  calendarStream,
  EventSourcedSlaRules,
  readPublishedCalendar,
  decodeCalendarPublished,
  decodePolicySetPublished,
  type CalendarPublishedData,
  type PolicySetPublishedData,
  loadSlaSeed,
  POLICY_SET_PUBLISHED,
  POLICY_STREAM,
  type SlaRules,
  type SlaRulesSeed,
  type SlaRulesSource,
} from './sla-rules';
export { SlaEnforcementError, SlaRulesVersionConflictError, UnknownCalendarError, UnknownClockError } from './errors';
export { SlaEnforcementModule } from './sla-enforcement.module';
