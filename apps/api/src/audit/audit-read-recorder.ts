import { applyDecorators, Inject, Injectable, SetMetadata, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { concatMap, type Observable } from 'rxjs';
import { AUDIT_LOG_SCHEMA_VERSION, AUDIT_READ_RECORDED, auditLogStream, type AuditedRead as AuditedReadKind, type AuditReadData } from '@duban/audit';
import { CLOCK, type Clock } from '@duban/command-handling';
import { eventMetadata } from '@duban/cases';
import { ANY, EVENT_STORE, type EventStore } from '@duban/event-store';
import type { AuthenticatedUser } from '@duban/identity';
import { actorOf } from '../shared/case-access';
import type { ContextualRequest } from '../shared/request-context';

const AUDITED_READ = 'duban:audited-read';

type AuditedTarget = { readonly kind: string; readonly what: AuditedReadKind };
type AuditedRequest = ContextualRequest & { user?: AuthenticatedUser; params: { id?: string; staffId?: string } };

/**
 * Appends one AuditReadRecorded to the day's audit log (`audit_log-<UTC day>`, expected revision
 * `any`: readers never contend) for every successful read of a route marked @AuditedRead by a user
 * with role auditor. Other roles' reads are not logged: they read to work, auditors read to audit.
 * The record is written before the answer leaves, so a read that cannot be recorded is not served.
 */
@Injectable()
export class AuditReadRecorder implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const target = this.reflector.get<AuditedTarget | undefined>(AUDITED_READ, context.getHandler());
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    const { user } = request;
    if (target === undefined || user?.role !== 'auditor') return next.handle();
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        await this.record(target, user, request);
        return body;
      }),
    );
  }

  private async record(target: AuditedTarget, user: AuthenticatedUser, request: AuditedRequest): Promise<void> {
    const now = this.clock.now();
    const correlationId = request.correlationId ?? randomUUID();
    const data: AuditReadData = {
      userId: user.username,
      role: user.role,
      unitId: user.unitId,
      kind: target.kind,
      caseId: request.params.id ?? request.params.staffId ?? '',
      what: target.what,
      query: Object.fromEntries(Object.entries(request.query).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)])),
      at: now.toISOString(),
      correlationId,
    };
    const metadata = eventMetadata({ actor: actorOf(user), correlationId, causationId: request.requestId ?? randomUUID() }, data.at, AUDIT_LOG_SCHEMA_VERSION);
    await this.store.appendToStream(auditLogStream(now), [{ id: randomUUID(), type: AUDIT_READ_RECORDED, data: data, metadata: metadata }], { expectedRevision: ANY });
  }
}

/** Marks a read route of one record (`:id`, or an employee's `:staffId`) whose reads by auditors are recorded in the audit log (AuditReadRecorder). */
export const AuditedRead = (kind: string, what: AuditedReadKind): MethodDecorator =>
  applyDecorators(SetMetadata(AUDITED_READ, { kind, what } satisfies AuditedTarget), UseInterceptors(AuditReadRecorder));
