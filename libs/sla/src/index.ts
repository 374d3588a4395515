export { ClockCommandRejectedError, SlaError, SlaValidationError } from './errors';
export { BASES, formatDuration, type Basis } from './duration';
export { BEYOND_HORIZON_RULES, CALENDAR_ID, DEFAULT_TIME_ZONE, horizonDayOf, parseCalendar, type Calendar, type CalendarSet } from './calendar/calendar';
export { dueAt, elapsed, isProvisional, NoBusinessTimeError } from './calendar/business-time';
export { instantAtWall, wallMsAt } from './calendar/zone';
export { applyIcsToCalendar } from './calendar/ics';
export { calendarHorizons, HORIZON_WARNING_DAYS, type CalendarHorizon } from './calendar/horizon';
export { matchPolicy, parsePolicySet, RESPONSIBILITY_DECIDERS, type CaseFacts, type Policy, type PolicySet, type ResponsibilityDecider } from './policy/policy';
export {
  PAUSE_REASONS,
  type PauseReason,
  STOP_OUTCOMES,
  type StopOutcome,
  type ClockStarted,
  type ClockPaused,
  type ClockResumed,
  type ClockExtended,
  type ClockReset,
  type ClockRecalculated,
  type ClockWarningRaised,
  type ClockBreached,
  type ClockStopped,
  type ClockEvent,
  CLOCK_EVENT_TYPES,
} from './clock/clock.events';
export { evolveClocks, foldClocks, isOpen, needsApprovalAfterBreach, type ClockState } from './clock/clock.fold';
export { pendingFirings, type PendingFiring } from './clock/clock.progress';
export { clockView, type ClockView } from './clock/clock.view';
export { due, escalationOnBreach, recalculateOnCalendar, SLA_ACTOR_ID, type CaseClockContext } from './clock/clock.deciders';
export { clockEventsForCaseEvent } from './clock/case-event-clocks';
export { extendClock, pauseClock, resetClock, resumeClock } from './clock/clock.commands';
export {
  backTestCase,
  backTestTotals,
  backTestTotalsByUnit,
  type BackTestTotals,
  type CaseBackTest,
  type RecordedCase,
  type RecordedCaseEvent,
  type SlaCandidate,
} from './simulation/back-test';
export { CASE_STREAM_PREFIXES, caseOfStream, isCaseKind, type CaseKind } from './clock/clocked-cases';
export {
  CALENDAR_PUBLISHED,
  CALENDAR_STREAM_PREFIX,
  calendarStream,
  decodeCalendarPublished,
  decodePolicySetPublished,
  POLICY_SET_PUBLISHED,
  POLICY_STREAM,
} from './rules/rules-events';
