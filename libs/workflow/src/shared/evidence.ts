import { decodeWorkflowEvent, envelope, type EventEnvelope, type EventMeta, type StoredEvent } from './event-envelope';
import type { PayloadCheck } from './payload-check';

/** 信函扫描件, 监控调阅记录, 照片, 回复函, 其他. */
export const EVIDENCE_KINDS = ['letter_scan', 'cctv_note', 'photo', 'reply_letter', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** One file on a case's record. Its bytes live in the attachment store, addressed by `sha256`; the case lists each hash once. */
export type EvidenceData = {
  /** SHA-256 of the bytes, lower-case hex: the attachment's id within the case. */
  sha256: string;
  size: number;
  contentType: string;
  fileName: string;
  evidenceKind: EvidenceKind;
  /** Holds personal data (a customer's ID card copy or signed letter; an employee's photo): erased with the customer, or with the employee the record names. */
  personalData: boolean;
};

/** Shared by every case kind that keeps evidence; the stream says whose it is. */
export type EvidenceAttached = EventEnvelope<'EvidenceAttached', EvidenceData>;
export type Attachment = EvidenceData & EventMeta;

/** A file on the case as viewers see it: once erased with the person it concerns, its name (which may name them) is withheld too. */
export type AttachmentView = Omit<Attachment, 'fileName'> & { fileName: string | null; erased: boolean };

export function attachmentViews(attachments: readonly Attachment[], customerErased: boolean): AttachmentView[] {
  const shown = attachments.map((attachment) => ({ ...attachment, erased: false }));
  return customerErased ? withPersonalDataErased(shown) : shown;
}

/** The files as shown once the person they concern is erased: those marked as personal data are gone, names and all. */
export function withPersonalDataErased(views: readonly AttachmentView[]): AttachmentView[] {
  return views.map((view) => (view.personalData ? { ...view, fileName: null, erased: true } : view));
}

/** The command as the upload route builds it, once the bytes are hashed; `itemId` (inspections only) names the checklist item result the file documents. */
export type AttachEvidence = { type: 'attach-evidence'; itemId?: string } & EvidenceData;

const SHA256_HEX = /^[0-9a-f]{64}$/;
const MAX_FILE_NAME = 255;

/** The event that erases the customer's data, and with it every attachment marked as holding personal data. */
export const CUSTOMER_ERASURE_EVENT = 'CustomerDataErased';

/**
 * The event of an upload, or none when these bytes are already on the case's record: a retried or
 * repeated upload records nothing twice (and cannot bring back bytes an erasure removed). Once the
 * customer's data is erased, no new file may be marked as holding it.
 */
export function decideEvidence(
  on: { attachments: readonly Attachment[]; customerErased: boolean },
  command: AttachEvidence,
  check: PayloadCheck,
  meta: EventMeta,
): EvidenceAttached[] {
  if (typeof command.sha256 !== 'string' || !SHA256_HEX.test(command.sha256)) check.fail('sha256', 'must be 64 lower-case hex digits', '须为 64 位小写十六进制数字');
  if (!Number.isSafeInteger(command.size) || command.size <= 0) check.fail('size', 'must be a positive whole number of bytes', '须为正整数字节数');
  check
    .text('contentType', command.contentType)
    .text('fileName', command.fileName)
    .oneOf('evidenceKind', command.evidenceKind, EVIDENCE_KINDS)
    .boolean('personalData', command.personalData);
  if (typeof command.fileName === 'string' && (command.fileName.length > MAX_FILE_NAME || /[\\/\p{Cc}]/u.test(command.fileName))) {
    check.fail(
      'fileName',
      `must be a plain file name of at most ${MAX_FILE_NAME} characters, without / \\ or control characters`,
      `须为不超过 ${MAX_FILE_NAME} 个字符的文件名，不含 / \\ 或控制字符`,
    );
  }
  if (command.itemId !== undefined) check.fail('itemId', "is only for evidence on an inspection's item result", '仅适用于检查项结果的证据');
  if (command.personalData === true && on.customerErased) check.fail('personalData', "cannot be true: the customer's personal data was erased", '不能为 true：客户个人信息已删除');
  check.throwIfInvalid();
  if (on.attachments.some((attachment) => attachment.sha256 === command.sha256)) return [];
  const { sha256, size, contentType, fileName, evidenceKind, personalData } = command;
  return [envelope('EvidenceAttached', { sha256, size, contentType, fileName, evidenceKind, personalData, ...meta })];
}

/** The attachments a stream records, for readers outside the fold (download, verification, erasure). */
export function attachmentsIn(events: readonly Pick<StoredEvent, 'type' | 'data'>[]): Attachment[] {
  return events
    .filter((event) => event.type === 'EvidenceAttached')
    .map((event) =>
      decodeWorkflowEvent<EvidenceData>(event, ['EvidenceAttached'], { sha256: 'string', size: 'number', contentType: 'string', fileName: 'string', personalData: 'boolean' }),
    );
}

/**
 * Whether the file was erased: it held personal data and the stream records the customer's erasure,
 * or (`employeeErased`) the employee the record names was erased, which their own stream records.
 */
export function isErasedIn(events: readonly Pick<StoredEvent, 'type'>[], attachment: Pick<EvidenceData, 'personalData'>, employeeErased = false): boolean {
  return attachment.personalData && (employeeErased || events.some((event) => event.type === CUSTOMER_ERASURE_EVENT));
}

/** The employee a violation or finding names (ViolationRecorded, FindingRaised), whose erasure also erases its files marked as personal data. */
export function staffIdNamedIn(events: readonly Pick<StoredEvent, 'type' | 'data'>[]): string | null {
  for (const event of events) {
    if (event.type !== 'ViolationRecorded' && event.type !== 'FindingRaised') continue;
    const { staffId } = event.data as { staffId?: unknown };
    return typeof staffId === 'string' ? staffId : null;
  }
  return null;
}
