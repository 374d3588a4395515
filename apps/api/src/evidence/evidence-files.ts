import { HttpStatus, Inject, Injectable, Logger, StreamableFile } from '@nestjs/common';
import { ATTACHMENT_STORE, AttachmentPolicy, contentDisposition, mediaTypeOf, readChecked, sha256Of, type AttachmentStore } from '@duban/attachments';
import type { CommandOutcome } from '@duban/command-handling';
import type { AggregateType, Decision } from '@duban/cases';
import { ProblemException } from '@duban/http-problem';
import type { AuthenticatedUser } from '@duban/identity';
import { attachmentsIn, isErasedIn, streamName, type AttachEvidence } from '@duban/workflow';
import type { Request, Response } from 'express';
import type { AnyMachineSnapshot } from 'xstate';
import { CaseAccess } from '../shared/case-access';
import { EmployeeErasures } from '../staff/employee-erasures';
import type { RequestContext } from '../shared/request-context';
import { uploadedContent } from './evidence-upload-body';
import type { EvidenceUploadQueryDto } from './evidence-upload-query.dto';

/** As the statechart refuses a file marked as the erased customer's: the erased employee's data may not come back either. */
function personalDataOfErasedEmployee(): ProblemException {
  return ProblemException.of(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'invalid-command',
    {
      zh: '不能标记为个人信息：该记录所涉员工的个人信息已删除。',
      en: 'The file cannot be marked as personal data: the personal data of the employee the record names was erased.',
    },
    { command: 'attach-evidence', errors: [{ field: 'personalData', message: "cannot be true: the named employee's personal data was erased" }] },
  );
}

/** A case kind whose commands include attach-evidence. */
type EvidenceAggregate<TState extends AnyMachineSnapshot, TCommand extends { type: string }> = AggregateType<TState, TCommand | AttachEvidence>;

/** Uploads and downloads of evidence for any case kind whose statechart has `attach-evidence`. */
@Injectable()
export class EvidenceFiles {
  private readonly logger = new Logger(EvidenceFiles.name);

  constructor(
    private readonly cases: CaseAccess,
    private readonly policy: AttachmentPolicy,
    private readonly erasures: EmployeeErasures,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
  ) {}

  /**
   * Hashes the body and lets the statechart decide. The bytes are stored (durably) only once the
   * decision records them and before its event is appended: a refused upload leaves no file, and a
   * crash leaves at worst a file no event names, which the same upload again takes as its own.
   */
  attach<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(
    aggregate: EvidenceAggregate<TState, TCommand>,
    id: string,
    request: Request,
    query: EvidenceUploadQueryDto,
    user: AuthenticatedUser,
    context: RequestContext,
  ): Promise<CommandOutcome<TState>> {
    const { content, contentType } = uploadedContent(request, this.policy);
    const command: AttachEvidence = {
      type: 'attach-evidence',
      sha256: sha256Of(content),
      size: content.length,
      contentType: mediaTypeOf(contentType)!,
      fileName: query.fileName,
      evidenceKind: query.evidenceKind,
      personalData: query.personalData === 'true',
      ...(query.itemId !== undefined && { itemId: query.itemId }),
    };
    const decision: Decision<TState> = async (current, decideContext) => {
      const events = aggregate.decider.decide(current.state, command, decideContext);
      if (command.personalData && (await this.erasures.namedEmployeeErasedIn(current.history))) throw personalDataOfErasedEmployee();
      if (events.length > 0) await this.store.put(streamName(aggregate.kind, id), content);
      return events;
    };
    // The command, hash included, stands for the body: a retry with the same Idempotency-Key and other bytes is refused.
    return this.cases.decide(aggregate, id, command.type, decision, user, context, command);
  }

  /** The file's bytes, only as recorded: never other bytes, never an erased file. */
  async download<TState extends AnyMachineSnapshot, TCommand extends { type: string }>(
    aggregate: EvidenceAggregate<TState, TCommand>,
    id: string,
    sha256: string,
    user: AuthenticatedUser,
    request: Request,
    response: Response,
  ): Promise<StreamableFile | undefined> {
    const { history } = await this.cases.read(aggregate, id, user);
    const attachment = attachmentsIn(history).find((candidate) => candidate.sha256 === sha256);
    if (attachment === undefined)
      throw ProblemException.of(HttpStatus.NOT_FOUND, 'attachment-not-found', { zh: `该案件没有附件 ${sha256}。`, en: `No attachment ${sha256} on ${aggregate.kind} ${id}.` });
    if (isErasedIn(history, attachment, await this.erasures.namedEmployeeErasedIn(history))) {
      throw ProblemException.of(HttpStatus.GONE, 'attachment-erased', {
        zh: '该附件含个人信息，已随客户或员工个人信息的删除而销毁。',
        en: "The attachment held personal data and was deleted when the customer's or the named employee's data was erased.",
      });
    }
    // The hash is the bytes' identity: a client holding them need not fetch them again.
    const etag = `"${attachment.sha256}"`;
    response.setHeader('ETag', etag);
    if (
      request
        .header('if-none-match')
        ?.split(',')
        .some((tag) => tag.trim() === etag)
    ) {
      response.status(HttpStatus.NOT_MODIFIED);
      return undefined;
    }
    const checked = await readChecked(this.store, streamName(aggregate.kind, id), attachment);
    if (checked.status !== 'intact') {
      const found = checked.status === 'missing' ? 'is missing' : `hashes to ${checked.actual.sha256} (${checked.actual.size} bytes)`;
      this.logger.error(
        `Evidence ${attachment.sha256} of ${aggregate.kind} ${id} ${found}; it was not served. Restore it from backup and run GET /${aggregate.kind}s/${id}/verify.`,
      );
      throw ProblemException.of(HttpStatus.INTERNAL_SERVER_ERROR, 'attachment-damaged', {
        zh: '存档文件与事件记录的哈希不符，不予提供；已通知运维人员。',
        en: 'The stored file no longer matches the hash its event recorded, so it is not served; the operators have been told.',
      });
    }
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.setHeader('Cache-Control', 'private, no-cache');
    const type = attachment.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : attachment.contentType;
    return new StreamableFile(checked.content, { type, disposition: contentDisposition(attachment.fileName), length: checked.content.length });
  }
}
