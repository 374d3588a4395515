export { ClockCommandRejectedError, ClockEventRejectedError, SlaError, SlaValidationError, type SlaIssue } from './errors';
export { BASES, formatDuration, parseDuration, parseDurationFor, type Basis, type Duration } from './duration';

export { CALENDAR_ID, DEFAULT_TIME_ZONE, parseCalendar, type Calendar, type CalendarSet } from './calendar/calendar';
export { dueAt, elapsed, isWithinBusinessHours, isWorkingDay, NoBusinessTimeError } from './calendar/business-time';
export { instantAtWall, wallMsAt } from './calendar/zone';
export { applyIcsToCalendar, parseIcs, type IcsDay, type IcsImport } from './calendar/ics';

export {
  DUE_SOURCES,
  MATCH_FIELDS,
  matchPolicy,
  parsePolicySet,
  type CaseFacts,
  type ClockSpec,
  type DueSource,
  type EscalationSpec,
  type MatchField,
  type Policy,
  type PolicyMatch,
  type PolicySet,
} from './policy/policy';

export * from './clock/clock.events';
export { currentDuration, evolveClocks, foldClocks, isOpen, isTicking, type ClockState, type ClockStatus, type ExtensionRecord, type PauseRecord } from './clock/clock.fold';
export { pendingFirings, type PendingFiring } from './clock/clock.progress';
export { clockView, type ClockView } from './clock/clock.view';
export { due, escalationOnBreach, onCaseEvent, recalculateOnReclassify, SLA_ACTOR_ID, startClocks, type BreachEscalation, type CaseClockContext } from './clock/clock.deciders';
export { clockEventsForCaseEvent, isAutomaticEscalation, isEscalationEventType } from './clock/case-event-clocks';
export { extendClock, pauseClock, resetClock, resumeClock, type ExtensionRequest } from './clock/clock.commands';
export {
  backTestCase,
  backTestTotals,
  backTestTotalsByUnit,
  type BackTestOptions,
  type BackTestTotals,
  type CaseBackTest,
  type ClockTimelineEntry,
  type Compared,
  type EscalationEntry,
  type RecordedCase,
  type RecordedCaseEvent,
  type SlaCandidate,
  type SlaOutcome,
} from './simulation/back-test';
export { CASE_KINDS, CASE_STREAM_PREFIXES, caseOfStream, isCaseKind, type CaseKind } from './clock/clocked-cases';
export {
  CALENDAR_PUBLISHED,
  CALENDAR_STREAM_PREFIX,
  calendarStream,
  decodeCalendarPublished,
  decodePolicySetPublished,
  POLICY_SET_PUBLISHED,
  POLICY_STREAM,
  type CalendarPublishedData,
  type PolicySetPublishedData,
} from './rules/rules-events';
