import { HttpStatus } from '@nestjs/common';
import { MomentNotFoundError } from '@duban/audit';
import { IdempotencyKeyReusedError, StaleRevisionError, WriteContentionError } from '@duban/command-handling';
import { EventStoreFullError, EventStoreReadOnlyError, EventStoreUnavailableError, StreamNotFoundError, WrongExpectedVersionError } from '@duban/event-store';
import { labelOf, ProblemException, type Bilingual, type FieldViolation, type ProblemMapper } from '@duban/http-problem';
import { ClockCommandRejectedError, NoBusinessTimeError, SlaValidationError } from '@duban/sla';
import { SlaRulesVersionConflictError, UnknownCalendarError, UnknownClockError } from '@duban/sla-enforcement';
import { KIND_NAMES_ZH } from './kind-names';
import { AggregateNotFoundError, CommandNotAllowedError, ForbiddenByRoleError, FourEyesViolationError, InvalidCommandError, NotResponsibleUnitError } from '@duban/workflow';

const workflowProblem: ProblemMapper = (error) => {
  if (error instanceof CommandNotAllowedError) {
    const allowed = error.allowedCommands.length === 0 ? { zh: '无', en: 'none' } : { zh: error.allowedCommands.join('、'), en: error.allowedCommands.join(', ') };
    const detail = {
      zh: `${KIND_NAMES_ZH[error.aggregate] ?? error.aggregate}处于「${String(error.state)}」状态，不能执行「${error.command}」；现在可执行：${allowed.zh}。`,
      en: `${error.message}; allowed now: ${allowed.en}.`,
    };
    return ProblemException.of(HttpStatus.CONFLICT, 'command-not-allowed', detail, {
      command: error.command,
      state: error.state,
      allowedCommands: error.allowedCommands,
    });
  }
  if (error instanceof ForbiddenByRoleError) {
    const detail = { zh: `角色「${error.role}」不能执行「${error.command}」；可执行的角色：${error.allowedRoles.join('、')}。`, en: error.message };
    return ProblemException.of(HttpStatus.FORBIDDEN, 'forbidden-by-role', detail, {
      command: error.command,
      role: error.role,
      allowedRoles: error.allowedRoles,
    });
  }
  if (error instanceof FourEyesViolationError) {
    const detail = { zh: `四眼原则：同一人不能既做出又复核同一决定，您不能执行「${error.command}」。`, en: error.message };
    return ProblemException.of(HttpStatus.FORBIDDEN, 'four-eyes', detail, { command: error.command, conflict: error.conflict });
  }
  if (error instanceof NotResponsibleUnitError && error.aggregate === 'circular') {
    const detail = { zh: `只有收文机构的工作人员可以签收，每个机构签收一次：${error.conflict}。`, en: error.message };
    return ProblemException.of(HttpStatus.FORBIDDEN, 'not-a-recipient', detail, { command: error.command, conflict: error.conflict });
  }

  if (error instanceof NotResponsibleUnitError && error.command === 'close') {
    const detail = { zh: '此案已上报，签字确认须由负责办理此案的上级机构的负责人进行，您不能签字。', en: error.message };
    return ProblemException.of(HttpStatus.FORBIDDEN, 'not-responsible-unit-head', detail, { command: error.command, conflict: error.conflict });
  }
  if (error instanceof NotResponsibleUnitError) {
    const zh =
      error.aggregate === 'violation'
        ? `申诉由作出处罚机构的上级机构复核：您所在机构不能执行「${error.command}」。`
        : error.aggregate === 'inspection'
          ? `网点负责人只能开展本机构的自查；自查上报后由上级机构审阅并关闭。您不能执行「${error.command}」。`
          : `此案已上报，由上级机构答复和决定：您所在机构只能添加备注，不能执行「${error.command}」。`;
    const detail = { zh, en: error.message };
    return ProblemException.of(HttpStatus.FORBIDDEN, 'not-responsible-unit', detail, { command: error.command, conflict: error.conflict });
  }
  if (error instanceof InvalidCommandError) return invalidCommandProblem(error);
  if (error instanceof AggregateNotFoundError) {
    return ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', { zh: `没有这个${KIND_NAMES_ZH[error.aggregate] ?? error.aggregate}。`, en: `No such ${error.aggregate}.` });
  }
  return null;
};

const commandHandlingProblem: ProblemMapper = (error) => {
  if (error instanceof StaleRevisionError) {
    const current = error.currentRevision === null ? '无' : String(error.currentRevision);
    const detail = { zh: `记录已变化：If-Match 为 ${error.expectedRevision}，当前版本为 ${current}；请重新读取后再决定。`, en: error.message };
    return ProblemException.of(HttpStatus.PRECONDITION_FAILED, 'stale-revision', detail, {
      expectedRevision: Number(error.expectedRevision),
      currentRevision: error.currentRevision === null ? null : Number(error.currentRevision),
    });
  }
  if (error instanceof IdempotencyKeyReusedError) {
    const detail = { zh: `Idempotency-Key「${error.key}」已用于另一个请求。`, en: error.message };
    return ProblemException.of(HttpStatus.UNPROCESSABLE_ENTITY, 'idempotency-key-reused', detail, { idempotencyKey: error.key });
  }
  if (error instanceof WriteContentionError) {
    const detail = { zh: `并发写入冲突，重试 ${error.attempts} 次仍未成功；请用同一 Idempotency-Key 重试。`, en: `${error.message}; try again.` };
    return ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, 'write-contention', detail);
  }
  return null;
};

// An append is all or nothing, so each says that nothing was recorded and a retry with the same Idempotency-Key is safe.
const NOTHING_RECORDED = {
  zh: '本请求未记录任何内容；问题解决后请（用同一 Idempotency-Key）重试。',
  en: 'Nothing of this request was recorded; retry it (with the same Idempotency-Key) once that is fixed.',
};

const eventStoreProblem: ProblemMapper = (error) => {
  if (error instanceof EventStoreFullError) {
    return ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, 'store-full', {
      zh: `事件库已满：需由运维人员释放磁盘空间或调高容量上限。${NOTHING_RECORDED.zh}`,
      en: `The event store is full: an operator must free disk space or raise its size limit. ${NOTHING_RECORDED.en}`,
    });
  }
  if (error instanceof EventStoreReadOnlyError) {
    return ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, 'store-read-only', {
      zh: `事件库拒绝写入（文件、文件系统或连接为只读）：需由运维人员恢复可写。${NOTHING_RECORDED.zh}`,
      en: `The event store refuses writes (read-only file, file system or connection): an operator must make it writable again. ${NOTHING_RECORDED.en}`,
    });
  }
  if (error instanceof EventStoreUnavailableError) {
    // An I/O error may leave the outcome unknown, which the same Idempotency-Key makes safe to retry.
    return ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, 'store-unavailable', {
      zh: '事件库无法连接或读写失败（繁忙、I/O 错误）；请稍后用同一 Idempotency-Key 重试。',
      en: 'The event store cannot be reached or failed to read or write (busy, I/O error); retry later with the same Idempotency-Key.',
    });
  }
  if (error instanceof StreamNotFoundError) return ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', { zh: '没有这条记录。', en: 'No such record.' });
  // Only reaches HTTP when a writer outside the command handler lost a race.
  if (error instanceof WrongExpectedVersionError) {
    return ProblemException.of(HttpStatus.CONFLICT, 'concurrent-modification', {
      zh: '记录同时被他人修改；请重新读取后重试。',
      en: 'The record changed concurrently; reload and retry.',
    });
  }
  return null;
};

const slaProblem: ProblemMapper = (error) => {
  if (error instanceof SlaValidationError) {
    const detail = { zh: slaIssuesZh(error), en: error.message };
    const errors = error.issues.map(({ field, message }) => ({ field, message }));
    return ProblemException.of(HttpStatus.UNPROCESSABLE_ENTITY, 'invalid-sla-data', detail, { subject: error.subject, errors });
  }
  if (error instanceof NoBusinessTimeError) {
    return ProblemException.of(HttpStatus.UNPROCESSABLE_ENTITY, 'calendar-without-business-time', { zh: '该工作日历在所需时段内没有任何工作时间。', en: error.message });
  }
  if (error instanceof ClockCommandRejectedError) {
    const [status, type] = error.forbidden ? [HttpStatus.FORBIDDEN, 'clock-command-forbidden'] : [HttpStatus.CONFLICT, 'clock-command-rejected'];
    const detail = { zh: `时钟「${error.clockId}」不能执行「${error.command}」：${error.reason}`, en: error.message };
    return ProblemException.of(status, type, detail, { clockId: error.clockId, command: error.command, reason: error.reason });
  }
  if (error instanceof UnknownClockError) {
    return ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', { zh: `该案件没有时钟「${error.clockId}」。`, en: error.message }, { clockId: error.clockId });
  }
  if (error instanceof UnknownCalendarError) {
    return ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', { zh: `没有工作日历「${error.calendarId}」。`, en: error.message }, { calendarId: error.calendarId });
  }
  if (error instanceof SlaRulesVersionConflictError) {
    const detail = { zh: `${error.subject} 当前为第 ${error.currentVersion ?? '—'} 版，不是第 ${error.expectedVersion} 版；请重新读取后再发布。`, en: error.message };
    return ProblemException.of(HttpStatus.PRECONDITION_FAILED, 'stale-version', detail, {
      expectedVersion: error.expectedVersion,
      currentVersion: error.currentVersion,
    });
  }
  return null;
};

/** Issues worded in Chinese (a refused promise) are told as they are; SLA data an administrator sent is pointed to its errors. */
function slaIssuesZh(error: SlaValidationError): string {
  const worded = error.issues.map((issue) => (issue.zh === undefined ? undefined : `「${issue.field}」${issue.zh}`));
  return worded.every((issue) => issue !== undefined) && worded.length > 0 ? `${worded.join('；')}。` : `时限数据（${error.subject}）不符合规则，见 errors。`;
}

const auditProblem: ProblemMapper = (error) =>
  error instanceof MomentNotFoundError
    ? ProblemException.of(HttpStatus.NOT_FOUND, 'moment-not-found', { zh: momentNotFoundZh(error.details), en: error.message }, error.details)
    : null;

/** The moment asked for was before the record existed, or a revision beyond its stream. */
function momentNotFoundZh(details: Record<string, unknown>): string {
  const { revision, lastRevision, at, createdAt } = details as { revision?: number; lastRevision?: number; at?: string; createdAt?: string | null };
  if (lastRevision !== undefined) return `没有第 ${revision} 版：该记录的版本为 0 至 ${lastRevision}。`;
  return `该记录在 ${at} 尚不存在${createdAt ? `；它创建于 ${createdAt}` : ''}。`;
}

/** The label of a dotted field path of a request (`customer.name`), as the request's classes declare it. */
function labelOfPath(request: unknown, path: string): Bilingual | undefined {
  const steps = path.split('.');
  const child = (parent: unknown, key: string): unknown => (parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[key] : undefined);
  let parent = request;
  // `results[1]` steps into the list, then its item.
  for (const step of steps.slice(0, -1)) for (const key of step.split(/[[\]]/).filter(Boolean)) parent = child(parent, key);
  return labelOf(parent, steps.at(-1)!);
}

/**
 * The 422 of a command the workflow refuses for its content, each field named by its label when
 * the request (the validated body, an instance of its class) is at hand.
 */
export function invalidCommandProblem(error: InvalidCommandError, request?: unknown): ProblemException {
  const violations = error.issues.map((issue): FieldViolation => {
    const label = labelOfPath(request, issue.field) ?? { zh: issue.field, en: issue.field };
    return { field: issue.field, rule: 'invalidCommand', label, message: { zh: `「${label.zh}」${issue.zh}`, en: `"${label.en}" ${issue.message}` } };
  });
  const listed = (language: 'zh' | 'en', separator: string): string => violations.map((violation) => violation.message![language]).join(separator);
  return new ProblemException({
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    slug: 'invalid-command',
    detail: { zh: `「${error.command}」不符合业务规则：${listed('zh', '；')}`, en: `${error.aggregate}: invalid '${error.command}': ${listed('en', '; ')}` },
    extensions: { command: error.command },
    violations,
  });
}

/** Maps the workflow's, the command handler's, the SLA's, the audit's and the event store's errors to problem+json. */
export const API_PROBLEM_MAPPERS: ProblemMapper[] = [workflowProblem, commandHandlingProblem, slaProblem, auditProblem, eventStoreProblem];
