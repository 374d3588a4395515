import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@duban/command-handling';
import { type AggregateType } from '@duban/cases';
import { caseNumberIn, streamName } from '@duban/workflow';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@duban/event-store';
import { toCsv } from '@duban/reporting';
import { ATTACHMENT_STORE, type AttachmentStore } from '@duban/attachments';
import { verifyCaseRecord } from '@duban/store-integrity';
import type { AnyMachineSnapshot } from 'xstate';
import { StreamVerificationDto } from '../integrity/stream-verification.dto';
import { AggregatePresenter } from '../shared/aggregate-presenter';
import { EmployeeErasures } from '../staff/employee-erasures';
import type { AuditPackDto } from './audit-pack.dto';
import { CaseHistory } from './case-history';

type AnyAggregate = AggregateType<AnyMachineSnapshot, { type: string }>;

/** Builds audit packs from a case's stream; CSV is one line per event with who, what, why and the state it left. */
@Injectable()
export class AuditPacks {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly presenter: AggregatePresenter,
    private readonly histories: CaseHistory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ATTACHMENT_STORE) private readonly attachments: AttachmentStore,
    private readonly erasures: EmployeeErasures,
  ) {}

  /** The customer shows as `role` may see it (auditors: masked), everywhere in the pack; a named employee as the viewer in `unitId` may know them. */
  async packOf(aggregate: AnyAggregate, id: string, history: readonly RecordedEvent[], role: string, unitId?: string): Promise<AuditPackDto> {
    const viewer = { role, unitId, history };
    const views = await this.presenter.presentEveryRevision(aggregate, id, history, viewer);
    const steps = views.map((view, revision) => ({ revision, view }));
    return {
      kind: aggregate.kind,
      id,
      number: caseNumberIn(history),
      generatedAt: this.clock.now().toISOString(),
      verification: StreamVerificationDto.of(
        await verifyCaseRecord(this.store, this.attachments, streamName(aggregate.kind, id), (events) => this.erasures.namedEmployeeErasedIn(events)),
      ),
      events: await this.histories.entries(aggregate.kind, id, history, viewer),
      steps,
    };
  }

  csvOf(packs: readonly AuditPackDto[]): string {
    return toCsv(
      packs.flatMap((pack) =>
        pack.events.map((event) => ({
          kind: pack.kind,
          caseId: pack.id,
          caseNumber: pack.number ?? '',
          revision: event.revision,
          position: event.position,
          type: event.type,
          occurredAt: event.occurredAt,
          actor: event.actor,
          reason: event.reason,
          correlationId: event.correlationId,
          causationId: event.causationId,
          summary: event.summary,
          stateAfter: pack.steps[event.revision]?.view.state,
          chainValid: pack.verification.valid,
        })),
      ),
    );
  }
}
