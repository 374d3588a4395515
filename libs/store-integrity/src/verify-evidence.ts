import { readChecked, type AttachmentStore } from '@duban/attachments';
import { readStreamOrEmpty, type EventStore, type RecordedEvent } from '@duban/event-store';
import { verifyStream, type StreamVerification } from './verify-stream';
import { attachmentsIn, isErasedIn, type EvidenceKind } from '@duban/workflow';

/** intact: the stored bytes hash as recorded; erased: deleted with the customer's or the named employee's data, as it should be; missing and mismatch break the record. */
export type EvidenceFileStatus = 'intact' | 'erased' | 'missing' | 'mismatch';

export interface EvidenceFileCheck {
  /** The EvidenceAttached event that recorded the file. */
  revision: bigint;
  sha256: string;
  size: number;
  contentType: string;
  evidenceKind: EvidenceKind;
  personalData: boolean;
  status: EvidenceFileStatus;
}

const BROKEN: readonly EvidenceFileStatus[] = ['missing', 'mismatch'];

export const isBrokenEvidence = (check: EvidenceFileCheck): boolean => BROKEN.includes(check.status);

/**
 * Every file a stream's events recorded, re-read and re-hashed from the attachment store (`scope`
 * is the stream): a file deleted or changed behind the events' back shows as missing or mismatch.
 * `employeeErased`: the employee the record names was erased (recorded in their own stream).
 */
export async function verifyEvidence(store: AttachmentStore, scope: string, events: readonly RecordedEvent[], employeeErased = false): Promise<EvidenceFileCheck[]> {
  const checks: EvidenceFileCheck[] = [];
  for (const event of events) {
    const [attachment] = attachmentsIn([event]);
    if (attachment === undefined) continue;
    const { sha256, size, contentType, evidenceKind, personalData } = attachment;
    const status = isErasedIn(events, attachment, employeeErased) ? 'erased' : (await readChecked(store, scope, attachment)).status;
    checks.push({ revision: event.revision, sha256, size, contentType, evidenceKind, personalData, status });
  }
  return checks;
}

export type CaseVerification = StreamVerification & { evidence: EvidenceFileCheck[] };

/** Whether the employee a record's events name was erased: their erasure lies outside the record's stream. */
export type EmployeeErasureCheck = (events: readonly RecordedEvent[]) => Promise<boolean>;

/**
 * A case's record as a whole: its events (verifyStream) and the files they recorded. A damaged file
 * breaks the record at the event that recorded it, unless the chain broke earlier.
 */
export async function verifyCaseRecord(
  store: EventStore,
  attachments: AttachmentStore,
  stream: string,
  employeeErasedIn: EmployeeErasureCheck = () => Promise.resolve(false),
): Promise<CaseVerification> {
  const events = await readStreamOrEmpty(store, stream);
  const verification = await verifyStream(store, stream, events);
  const evidence = await verifyEvidence(attachments, stream, events, await employeeErasedIn(events));
  const damaged = evidence.find(isBrokenEvidence);
  if (damaged === undefined || (verification.brokenAt !== undefined && verification.brokenAt <= damaged.revision)) return { ...verification, evidence };
  const reason = damaged.status === 'missing' ? `the file ${damaged.sha256} it recorded is missing` : `the stored file ${damaged.sha256} no longer matches its hash`;
  return { ...verification, valid: false, brokenAt: damaged.revision, reason, evidence };
}
