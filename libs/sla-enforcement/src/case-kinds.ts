import { COMPLAINTS, FINDINGS, type AggregateType } from '@duban/cases';
import type { ComplaintState, FindingState } from '@duban/workflow';
import type { CaseFacts, CaseClockContext } from '@duban/sla';
import type { AnyMachineSnapshot } from 'xstate';
import type { SlaRules } from './sla-rules';

/** The aggregates that carry SLA clocks on their streams. */
export const CASE_KINDS = ['complaint', 'finding'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_AGGREGATES: Readonly<Record<CaseKind, AggregateType<AnyMachineSnapshot, { type: string }>>> = {
  complaint: COMPLAINTS as AggregateType<AnyMachineSnapshot, { type: string }>,
  finding: FINDINGS as AggregateType<AnyMachineSnapshot, { type: string }>,
};

/** Stream name prefixes of the case streams, for scans of the global log. */
export const CASE_STREAM_PREFIXES: readonly string[] = CASE_KINDS.map((kind) => `${kind}-`);

export function isCaseKind(kind: string): kind is CaseKind {
  return (CASE_KINDS as readonly string[]).includes(kind);
}

/** `complaint-<id>` → { kind: 'complaint', caseId: '<id>' }; undefined for other streams. */
export function caseOfStream(stream: string): { kind: CaseKind; caseId: string } | undefined {
  const kind = CASE_KINDS.find((candidate) => stream.startsWith(`${candidate}-`));
  return kind === undefined ? undefined : { kind, caseId: stream.slice(kind.length + 1) };
}

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
