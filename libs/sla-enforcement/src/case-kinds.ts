import { COMPLAINTS, FINDINGS, type AggregateType } from '@duban/cases';
import { DEFAULT_FAILED_ATTEMPTS_BEFORE_UNREACHABLE, type ComplaintState, type FindingState } from '@duban/workflow';
import { matchPolicy, type CaseFacts, type CaseClockContext, type CaseKind } from '@duban/sla';
import type { AnyMachineSnapshot } from 'xstate';
import type { SlaRules } from './sla-rules';

export const CASE_AGGREGATES: Readonly<Record<CaseKind, AggregateType<AnyMachineSnapshot, { type: string }>>> = {
  complaint: COMPLAINTS as AggregateType<AnyMachineSnapshot, { type: string }>,
  finding: FINDINGS as AggregateType<AnyMachineSnapshot, { type: string }>,
};

/** What the policies match on and when the clocks count from, read from the case as it is now. */
export function factsOf(kind: CaseKind, state: AnyMachineSnapshot): { caseFacts: CaseFacts; receivedAt: string } {
  if (kind === 'complaint') {
    const complaint = (state as ComplaintState).context;
    return {
      caseFacts: { kind, type: complaint.caseType, category: complaint.category, channel: complaint.channel, priority: complaint.priority },
      receivedAt: complaint.receivedAt,
    };
  }
  const finding = (state as FindingState).context;
  return { caseFacts: { kind, category: finding.category, severity: finding.severity }, receivedAt: finding.createdAt };
}

export function clockContextOf(kind: CaseKind, state: AnyMachineSnapshot, rules: SlaRules): CaseClockContext {
  return { policySet: rules.policySet, calendars: rules.calendars, ...factsOf(kind, state) };
}

/** The failed follow-up attempts after which the complaint's customer counts as unreachable, as its policy says now. */
export function unreachableAfterFor(state: ComplaintState, rules: SlaRules): number {
  return matchPolicy(rules.policySet, factsOf('complaint', state).caseFacts)?.unreachableAfterFailedAttempts ?? DEFAULT_FAILED_ATTEMPTS_BEFORE_UNREACHABLE;
}
