import type { Actor, DecideContext, Role } from '../shared/context';
import type { AttachEvidence } from '../shared/evidence';
import { orgTreeFromParents } from '../shared/org-tree';

// A four-level tree from the demo data: head office → 鞍山分行 → 海城支行 → an outlet.
export const HQ = 'hq';
export const BRANCH = 'br-anshan';
export const SUB_BRANCH = 'sub-haicheng';
export const OUTLET = 'out-haicheng-1';
export const OTHER_SUB_BRANCH = 'sub-tiedong';

export const orgTree = orgTreeFromParents({
  [HQ]: null,
  [BRANCH]: HQ,
  [SUB_BRANCH]: BRANCH,
  [OUTLET]: SUB_BRANCH,
  [OTHER_SUB_BRANCH]: BRANCH,
});

export const T0 = '2024-05-06T01:00:00.000Z';

/** `n` minutes after T0, so sequences of events get increasing timestamps. */
export function minutesAfterT0(n: number): string {
  return new Date(Date.parse(T0) + n * 60_000).toISOString();
}

export function actorWith(role: Role, id = `${role}-1`): Actor {
  return { id, role, unitId: OUTLET };
}

export function contextFor(actor: Actor, now = T0): DecideContext {
  return { actor, now, orgTree };
}

/** A recorded file, as the lifecycle harnesses sample EvidenceAttached. */
export const EVIDENCE_SAMPLE = {
  sha256: 'a'.repeat(64),
  size: 1024,
  contentType: 'application/pdf',
  fileName: '投诉信函.pdf',
  evidenceKind: 'letter_scan',
  personalData: true,
} as const;

/** An upload of new bytes (the same bytes again record nothing), without personal data (refused once a customer is erased). */
export const evidenceVariant = (filed: number): AttachEvidence => ({
  type: 'attach-evidence',
  ...EVIDENCE_SAMPLE,
  personalData: false,
  sha256: (filed + 1).toString(16).padStart(64, '0'),
});
