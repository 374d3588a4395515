/** The aggregates that carry SLA clocks on their streams. */
export const CASE_KINDS = ['complaint', 'finding'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

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
