import { DEFAULT_TIME_ZONE, type ClockEvent, type PauseReason, type StopOutcome } from '@duban/sla';
import type {
  CaseType,
  CircularEvent,
  CircularKind,
  ComplaintChannel,
  ComplaintEvent,
  EscalationData,
  EvidenceKind,
  FindingEvent,
  InspectionEvent,
  InspectionKind,
  Penalty,
  ViolationEvent,
  ReplyChannel,
  Responsibility,
  Severity,
} from '@duban/workflow';

/** One line of text in both languages of the house. */
export type Summary = { zh: string; en: string };

/** A unit's name in both languages, from the org tree; unknown ids should come back as themselves. */
export type UnitNames = (unitId: string) => Summary;

type SummarizedEvent = ComplaintEvent | FindingEvent | InspectionEvent | ViolationEvent | ClockEvent | CircularEvent;
type DataOf<TType extends SummarizedEvent['type']> = Extract<SummarizedEvent, { type: TType }>['data'];
type Summarize<TType extends SummarizedEvent['type']> = (data: DataOf<TType>, unit: UnitNames) => Summary;

const CASE_TYPES: Record<CaseType, Summary> = {
  complaint: { zh: '投诉', en: 'complaint' },
  investigation: { zh: '协查', en: 'investigation request' },
  suggestion: { zh: '建议', en: 'suggestion' },
  praise: { zh: '表扬', en: 'praise' },
};
const CHANNELS: Record<ComplaintChannel, Summary> = {
  walk_in: { zh: '现场口头', en: 'in person' },
  comment_book: { zh: '客户意见簿', en: 'the comment book' },
  letter: { zh: '信函', en: 'letter' },
  hotline: { zh: '热线转交', en: 'the hotline' },
  outlet_phone: { zh: '网点电话', en: 'a call to the outlet' },
  online: { zh: '网络渠道', en: 'online' },
};
const REPLY_CHANNEL_LABELS: Record<ReplyChannel, Summary> = {
  phone: { zh: '电话', en: 'phone' },
  letter: { zh: '信函', en: 'letter' },
  sms: { zh: '短信', en: 'SMS' },
  in_person: { zh: '当面', en: 'in person' },
  email: { zh: '电子邮件', en: 'email' },
  comment_book: { zh: '客户意见簿', en: 'the comment book' },
};
const RESPONSIBILITIES: Record<Responsibility, Summary> = {
  valid: { zh: '有效投诉', en: 'valid complaint' },
  customer: { zh: '客户责任', en: "customer's responsibility" },
};
const SEVERITIES: Record<Severity, Summary> = { minor: { zh: '一般', en: 'minor' }, major: { zh: '严重', en: 'major' } };
const INSPECTION_KINDS: Record<InspectionKind, Summary> = {
  onsite: { zh: '现场检查', en: 'on-site inspection' },
  offsite: { zh: '调看录像', en: 'CCTV review' },
  mystery_shopper: { zh: '神秘人暗访', en: 'mystery shopper visit' },
  self: { zh: '自查', en: 'self-inspection' },
  thematic: { zh: '专项检查', en: 'thematic inspection' },
};
const EVIDENCE_KINDS: Record<EvidenceKind, Summary> = {
  letter_scan: { zh: '信函扫描件', en: 'letter scan' },
  cctv_note: { zh: '监控调阅记录', en: 'CCTV note' },
  photo: { zh: '照片', en: 'photo' },
  reply_letter: { zh: '回复函', en: 'reply letter' },
  other: { zh: '其他材料', en: 'other evidence' },
};
const CIRCULAR_KINDS: Record<CircularKind, Summary> = {
  circular: { zh: '通报', en: 'circular' },
  deadline_notice: { zh: '限期整改通知', en: 'deadline notice' },
  briefing: { zh: '简报', en: 'briefing' },
};
const PAUSE_REASONS: Record<PauseReason, Summary> = {
  awaiting_customer: { zh: '等待客户', en: 'awaiting the customer' },
  external_appraisal: { zh: '外部鉴定', en: 'external appraisal' },
};
const STOP_OUTCOMES: Record<StopOutcome, Summary> = {
  met: { zh: '按时完成', en: 'met in time' },
  breached: { zh: '逾期完成', en: 'met late' },
  cancelled: { zh: '不再需要', en: 'no longer owed' },
};

const CLOCK_TARGETS: Record<string, Summary> = {
  acknowledge: { zh: '确认受理时限', en: 'acknowledgement' },
  reply: { zh: '答复客户时限', en: 'reply' },
  decide: { zh: '办结时限', en: 'decision' },
  rectify: { zh: '整改时限', en: 'rectification' },
};

/** `milestone-2#3`: the clock of the plan's second milestone (时间节点), whatever the re-plans. */
const MILESTONE_CLOCK = /^milestone-(\d+)/;
/** A clock by its target's name (`reply@L2` and `reply#2` are the reply clock); a target this build does not know as itself. */
const clockName = (clockId: string): Summary => {
  const milestone = MILESTONE_CLOCK.exec(clockId);
  if (milestone !== null) return { zh: `时间节点 ${milestone[1]}`, en: `milestone ${milestone[1]}` };
  return CLOCK_TARGETS[clockId.replace(/[@#].*$/, '')] ?? { zh: clockId, en: clockId };
};

const BANK_TIME = new Intl.DateTimeFormat('en-CA', {
  timeZone: DEFAULT_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as the bank's staff read it: 2026-12-04 17:00 in the bank's time zone (Beijing time). */
export function bankTime(iso: string): string {
  const part = Object.fromEntries(BANK_TIME.formatToParts(new Date(iso)).map(({ type, value }) => [type, value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

const escalated = ({ toUnitId, level, automatic }: EscalationData, unit: UnitNames): Summary => ({
  zh: `${automatic ? '自动上报' : '上报'}至${unit(toUnitId).zh}（第${level}级）`,
  en: `Escalated ${automatic ? 'automatically ' : ''}to ${unit(toUnitId).en} (level ${level})`,
});

/** A case number after a word, or nothing for a case registered before numbers existed. */
const numbered = (number: string | undefined): string => (number === undefined ? '' : ` ${number}`);

const percent = (fraction: number): string => `${Math.round(fraction * 100)}%`;

/** A penalty in words: 扣 3 分、罚款 200.00 元 (amounts are kept in fen). */
const penaltyText = ({ points, amountFen }: Penalty): Summary => {
  const yuan = amountFen === null ? null : (amountFen / 100).toFixed(2);
  return {
    zh: [points === null ? null : `扣 ${points} 分`, yuan === null ? null : `罚款 ${yuan} 元`].filter((part) => part !== null).join('、'),
    en: [points === null ? null : `${points} point(s) deducted`, yuan === null ? null : `a fine of ${yuan} yuan`].filter((part) => part !== null).join(' and '),
  };
};

const SUMMARIES: { [TType in SummarizedEvent['type']]: Summarize<TType> } = {
  ComplaintRegistered: ({ number, caseType, channel, unitId, anonymous }, unit) => ({
    zh: `受理${anonymous ? '匿名' : ''}${CASE_TYPES[caseType].zh}${numbered(number)}（${CHANNELS[channel].zh}），归属${unit(unitId).zh}`,
    en: `Registered ${anonymous ? 'anonymous ' : ''}${CASE_TYPES[caseType].en}${numbered(number)} received via ${CHANNELS[channel].en} at ${unit(unitId).en}`,
  }),
  ComplaintAssigned: ({ assigneeId }) => ({ zh: `指派给 ${assigneeId}`, en: `Assigned to ${assigneeId}` }),
  ComplaintHandedOver: ({ managerId }) => ({ zh: `转办给投诉管理人 ${managerId}`, en: `Handed over to complaint manager ${managerId}` }),
  ComplaintReplyPromised: ({ promisedBy }) => ({ zh: `与客户约定 ${promisedBy} 前答复`, en: `Reply promised to the customer by ${promisedBy}` }),
  ComplaintNoteAdded: () => ({ zh: '添加核实记录', en: 'Added an investigation note' }),
  ComplaintReclassified: ({ caseType, category, previousCaseType, previousCategory }) => ({
    zh: `重新分类：${CASE_TYPES[previousCaseType].zh}/${previousCategory} → ${CASE_TYPES[caseType].zh}/${category}`,
    en: `Reclassified from ${CASE_TYPES[previousCaseType].en}/${previousCategory} to ${CASE_TYPES[caseType].en}/${category}`,
  }),
  ComplaintEscalated: escalated,
  ComplaintTransferred: ({ fromUnitId, toUnitId }, unit) => ({
    zh: `由${unit(fromUnitId).zh}转至${unit(toUnitId).zh}办理`,
    en: `Transferred from ${unit(fromUnitId).en} to ${unit(toUnitId).en}`,
  }),
  ComplaintReferred: ({ fromUnitId, toUnitId }, unit) => ({
    zh: `${unit(fromUnitId).zh}报${unit(toUnitId).zh}处理`,
    en: `Referred by ${unit(fromUnitId).en} straight to ${unit(toUnitId).en}`,
  }),
  ComplaintReplied: ({ replyNumber, responsibility, onSpot }) => ({
    zh: `第${replyNumber}次答复客户${responsibility === null && !onSpot ? '' : `（${[responsibility === null ? null : `拟认定${RESPONSIBILITIES[responsibility].zh}`, onSpot ? '即办' : null].filter(Boolean).join('，')}）`}`,
    en: `Replied to the customer (reply ${replyNumber}${responsibility === null ? '' : `, proposed ${RESPONSIBILITIES[responsibility].en}`}${onSpot ? ', on the spot' : ''})`,
  }),
  ComplaintVerified: () => ({ zh: '回访：客户满意', en: 'Follow-up: the customer is satisfied' }),
  ComplaintReopened: () => ({ zh: '回访：客户不满意，重新办理', en: 'Follow-up: the customer is not satisfied; reopened' }),
  ComplaintContactAttempted: ({ channel, reached }) => ({
    zh: `回访联系（${REPLY_CHANNEL_LABELS[channel].zh}）：${reached ? '已联系上客户' : '未联系上客户'}`,
    en: `Follow-up contact (${REPLY_CHANNEL_LABELS[channel].en}): ${reached ? 'the customer was reached' : 'the customer was not reached'}`,
  }),
  ComplaintCustomerUnreachable: ({ failedAttempts }) => ({
    zh: `回访：${failedAttempts}次联系未果，客户无法联系`,
    en: `Follow-up: the customer is unreachable after ${failedAttempts} failed attempts`,
  }),
  ComplaintDecisionMaintained: () => ({
    zh: '回访：客户不满意，经督办人员批准维持原处理意见',
    en: 'Follow-up: the customer is not satisfied; a supervisor maintained the decision',
  }),
  ComplaintDecisionMaintenanceRequested: () => ({
    zh: '回访：客户不满意且无新的理由，申请维持原处理意见，待督办人员批准',
    en: "Follow-up: the customer is not satisfied but gave no new reason; maintaining the decision awaits a supervisor's approval",
  }),
  ComplaintDecisionMaintenanceRefused: () => ({
    zh: '督办人员不同意维持原处理意见，继续回访',
    en: 'A supervisor refused to maintain the decision; the follow-up goes on',
  }),
  // 责任认定 (issue 18): never the employee complained about, whom only some roles may see; the reason is the entry's own (reasonOf).
  ComplaintResponsibilityDecided: ({ replyNumber, proposed, responsibility, responsibleUnitId, raisesFindingId, cancelsFindingId }, unit) => {
    const confirmed = proposed === responsibility;
    const responsible = responsibleUnitId === null ? null : unit(responsibleUnitId);
    return {
      zh: `责任认定：${confirmed ? '确认' : `改判（原拟${RESPONSIBILITIES[proposed].zh}）为`}${RESPONSIBILITIES[responsibility].zh}（第${replyNumber}次答复）${responsible === null ? '' : `，责任单位${responsible.zh}`}${raisesFindingId === null ? '' : `，引发整改 ${raisesFindingId}`}${cancelsFindingId === null ? '' : `，撤销整改 ${cancelsFindingId}`}`,
      en: `Responsibility ${confirmed ? 'confirmed' : `overridden (proposed: ${RESPONSIBILITIES[proposed].en})`} as ${RESPONSIBILITIES[responsibility].en} (reply ${replyNumber})${responsible === null ? '' : `, responsible unit ${responsible.en}`}${raisesFindingId === null ? '' : `; finding ${raisesFindingId} raised`}${cancelsFindingId === null ? '' : `; finding ${cancelsFindingId} cancelled`}`,
    };
  },
  ComplaintClosed: () => ({ zh: '签字确认，结案', en: 'Signed off and closed' }),
  ComplaintWithdrawn: () => ({ zh: '客户撤回投诉', en: 'Withdrawn by the customer' }),
  CustomerDataErased: ({ requestReference }) => ({
    zh: `依法删除客户个人信息（申请编号 ${requestReference}），密钥已销毁`,
    en: `Customer personal data erased on a lawful request (reference ${requestReference}); the key was destroyed`,
  }),

  // Never the file name: it may name the customer, and the history outlives an erasure.
  EvidenceAttached: ({ evidenceKind, contentType, personalData, size }) => ({
    zh: `存档${EVIDENCE_KINDS[evidenceKind].zh}（${contentType}，${size} 字节${personalData ? '，含个人信息' : ''}）`,
    en: `Filed a ${EVIDENCE_KINDS[evidenceKind].en} (${contentType}, ${size} bytes${personalData ? ', holds personal data' : ''})`,
  }),

  FindingRaised: ({ number, source, unitId, severity, dueAt }, unit) => ({
    zh: `${source.kind === 'complaint' ? `由有效投诉 ${source.complaintId} 引发` : `检查 ${source.inspectionId} 发现`}${SEVERITIES[severity].zh}问题${numbered(number)}，由${unit(unitId).zh}整改${dueAt === undefined ? '' : `，限 ${dueAt} 前完成`}`,
    en: `Finding${numbered(number)} (${SEVERITIES[severity].en}) raised by ${source.kind === 'complaint' ? `valid complaint ${source.complaintId}` : `inspection ${source.inspectionId}`}, to be rectified by ${unit(unitId).en}${dueAt === undefined ? '' : ` by ${dueAt}`}`,
  }),
  FindingPlanned: ({ measures, ownerId, dueAt, milestones = [] }) => ({
    zh: `制定整改方案：${measures.length}项措施${milestones.length > 0 ? `、${milestones.length}个时间节点` : ''}，责任人 ${ownerId}，${bankTime(dueAt)} 前完成`,
    en: `Rectification planned: ${measures.length} measure(s)${milestones.length > 0 ? `, ${milestones.length} milestone(s)` : ''}, owner ${ownerId}, due ${bankTime(dueAt)}`,
  }),
  FindingPlanProposed: ({ measures, dueAt }) => ({
    zh: `整改方案（${measures.length}项措施）拟于 ${dueAt} 前完成，超出限期，待检查人员审批`,
    en: `Rectification plan (${measures.length} measure(s)) due ${dueAt}, beyond the deadline: awaiting the inspector's approval`,
  }),
  FindingPlanApproved: ({ dueAt }) => ({ zh: `检查人员批准整改方案，限期调整为 ${dueAt}`, en: `The inspector approved the plan; the deadline is now ${dueAt}` }),
  // The reason is the entry's own (reasonOf).
  FindingPlanRejected: () => ({ zh: '检查人员未批准超出限期的整改方案，原限期不变', en: 'The inspector refused the plan beyond the deadline; the deadline stands' }),
  FindingEscalated: escalated,
  FindingReported: ({ onSpot }) =>
    onSpot ? { zh: '现场纠改并反馈', en: 'Reported as fixed on the spot' } : { zh: '书面反馈整改情况', en: 'Reported the rectification in writing' },
  FindingVerified: () => ({ zh: '效果评估通过', en: 'Re-inspection passed' }),
  FindingCarriedOver: ({ dueAt }) => ({
    zh: `效果评估未通过，继续整改${dueAt === undefined ? '' : `，新限期 ${dueAt}`}`,
    en: `Re-inspection failed; carried over for further rectification${dueAt === undefined ? '' : `, new deadline ${dueAt}`}`,
  }),
  FindingClosed: () => ({ zh: '整改结案', en: 'Closed' }),
  FindingCancelled: ({ complaintId }) => ({
    zh: `投诉 ${complaintId} 经责任认定为客户责任，整改撤销`,
    en: `Cancelled: complaint ${complaintId} was found to be the customer's responsibility`,
  }),
  FindingDeadlineNoticeIssued: ({ dueAt, unitId }, unit) => ({
    zh: `逾期未整改（限期 ${dueAt}），向${unit(unitId).zh}发出限期整改通知`,
    en: `Overdue (deadline ${dueAt}): deadline notice issued to ${unit(unitId).en}`,
  }),

  InspectionOpened: ({ number, kind, unitId }, unit) => ({
    zh: `对${unit(unitId).zh}开展${INSPECTION_KINDS[kind].zh}${numbered(number)}`,
    en: `Opened ${INSPECTION_KINDS[kind].en}${numbered(number)} of ${unit(unitId).en}`,
  }),
  InspectionItemsRecorded: ({ results }) => {
    const failed = results.filter((result) => result.outcome === 'fail').length;
    const deducted = results.reduce((sum, result) => sum + result.deducted, 0);
    return {
      zh: `逐项检查 ${results.length} 项，不合格 ${failed} 项，扣 ${deducted} 分`,
      en: `Scored ${results.length} checklist item(s): ${failed} failed, ${deducted} point(s) deducted`,
    };
  },
  InspectionFindingAdded: ({ findingId, itemId }) =>
    itemId === undefined
      ? { zh: `记录发现问题 ${findingId}`, en: `Recorded finding ${findingId}` }
      : { zh: `检查项 ${itemId} 不合格，发现问题 ${findingId}`, en: `Checklist item ${itemId} failed: finding ${findingId}` },
  FindingFannedOut: ({ children }, unit) => ({
    zh: `举一反三：向${children.map((child) => unit(child.unitId).zh).join('、')}各下发一项整改`,
    en: `Raised for many units: one linked finding each at ${children.map((child) => unit(child.unitId).en).join(', ')}`,
  }),
  FindingChildClosed: ({ findingId }) => ({ zh: `举一反三子事项 ${findingId} 已关闭`, en: `Linked finding ${findingId} closed` }),
  FindingProgressRecorded: ({ milestone, completed }) => ({
    zh: `落实情况：时间节点 ${milestone}${completed ? '已完成' : '推进中'}`,
    en: `Progress on milestone ${milestone}${completed ? ': completed' : ''}`,
  }),
  InspectionReported: ({ reportsTo }, unit) => ({ zh: `自查结果上报${unit(reportsTo).zh}`, en: `Self-inspection reported to ${unit(reportsTo).en}` }),
  InspectionClosed: () => ({ zh: '检查结束', en: 'Inspection closed' }),

  ViolationRecorded: ({ number, staffId, unitId, rule }, unit) => ({
    zh: `登记违规服务${numbered(number)}：${unit(unitId).zh}员工 ${staffId}，违反${rule.checklistItem === undefined ? `「${rule.category}」类规定` : `检查项「${rule.checklistItem.text}」`}`,
    en: `Recorded violation${numbered(number)} by employee ${staffId} of ${unit(unitId).en}, breaking ${rule.checklistItem === undefined ? `a ${rule.category} rule` : `checklist item ${rule.checklistItem.itemId}`}`,
  }),
  ViolationPenaltyDecided: (penalty) => ({ zh: `作出处罚：${penaltyText(penalty).zh}`, en: `Penalty decided: ${penaltyText(penalty).en}` }),
  ViolationAppealed: ({ toUnitId }, unit) => ({ zh: `员工向${unit(toUnitId).zh}提出申诉`, en: `The employee appealed to ${unit(toUnitId).en}` }),
  ViolationAppealUpheld: () => ({ zh: '申诉复核：维持原处罚', en: 'Appeal decided: the penalty is upheld' }),
  ViolationPenaltyChanged: (penalty) => ({ zh: `申诉复核：处罚变更为${penaltyText(penalty).zh}`, en: `Appeal decided: the penalty is changed to ${penaltyText(penalty).en}` }),
  ViolationAnnulled: () => ({ zh: '申诉复核：撤销违规认定及处罚', en: 'Appeal decided: the violation and its penalty are annulled' }),
  CircularDrafted: ({ number, kind, title, recipientUnitIds, source }) => ({
    zh: `起草${CIRCULAR_KINDS[kind].zh}${numbered(number)}「${title}」，拟发 ${recipientUnitIds.length} 个机构${source === null ? '' : `，附${source.kind === 'ranking' ? '排名' : '报表'}数据 ${source.rows.length} 行`}`,
    en: `Drafted ${CIRCULAR_KINDS[kind].en}${numbered(number)} for ${recipientUnitIds.length} unit(s)${source === null ? '' : `, with ${source.rows.length} row(s) of its ${source.kind}`}`,
  }),
  CircularEdited: ({ title, content, recipientUnitIds }) => {
    const changed = [
      ...(title === undefined ? [] : [{ zh: '标题', en: 'title' }]),
      ...(content === undefined ? [] : [{ zh: '正文', en: 'content' }]),
      ...(recipientUnitIds === undefined ? [] : [{ zh: '收文机构', en: 'recipients' }]),
    ];
    return { zh: `修改草稿：${changed.map((field) => field.zh).join('、')}`, en: `Draft edited: ${changed.map((field) => field.en).join(', ')}` };
  },
  CircularIssued: ({ recipientUnitIds }, unit) => ({
    zh: `下发至${recipientUnitIds.map((unitId) => unit(unitId).zh).join('、')}`,
    en: `Issued to ${recipientUnitIds.map((unitId) => unit(unitId).en).join(', ')}`,
  }),
  CircularAcknowledged: ({ unitId }, unit) => ({ zh: `${unit(unitId).zh}签收`, en: `Acknowledged by ${unit(unitId).en}` }),
  // The reason is the entry's own (reasonOf).
  CircularWithdrawn: () => ({ zh: '撤回', en: 'Withdrawn' }),

  ClockStarted: ({ clockId, level, dueAt }) => ({
    zh: `开始计时：${clockName(clockId).zh}（第${level}级），${bankTime(dueAt)} 到期`,
    en: `The ${clockName(clockId).en} clock started (level ${level}), due ${bankTime(dueAt)}`,
  }),
  ClockPaused: ({ clockId, reason }) => ({
    zh: `暂停计时：${clockName(clockId).zh}（${PAUSE_REASONS[reason].zh}）`,
    en: `The ${clockName(clockId).en} clock paused (${PAUSE_REASONS[reason].en})`,
  }),
  ClockResumed: ({ clockId, dueAt }) => ({
    zh: `恢复计时：${clockName(clockId).zh}，${bankTime(dueAt)} 到期`,
    en: `The ${clockName(clockId).en} clock resumed, now due ${bankTime(dueAt)}`,
  }),
  ClockExtended: ({ clockId, duration, dueAt, approverId }) => ({
    zh: `延长${clockName(clockId).zh}至共 ${duration}，${bankTime(dueAt)} 到期（${approverId} 批准）`,
    en: `The ${clockName(clockId).en} clock extended to ${duration} in total, due ${bankTime(dueAt)} (approved by ${approverId})`,
  }),
  ClockReset: ({ clockId, dueAt }) => ({
    zh: `重新计时：${clockName(clockId).zh}，${bankTime(dueAt)} 到期`,
    en: `The ${clockName(clockId).en} clock restarted, due ${bankTime(dueAt)}`,
  }),
  ClockRecalculated: ({ clockId, dueAt, calendarId, calendarVersion, previousDueAt, reason }) =>
    reason.startsWith('calendar ')
      ? {
          zh: `日历 ${calendarId} 第 ${calendarVersion} 版发布，重算${clockName(clockId).zh}：${previousDueAt === undefined ? '—' : bankTime(previousDueAt)} → ${bankTime(dueAt)}`,
          en: `The ${clockName(clockId).en} clock recalculated on calendar ${calendarId} v${calendarVersion}: due ${previousDueAt === undefined ? '—' : bankTime(previousDueAt)} → ${bankTime(dueAt)}`,
        }
      : {
          zh: `按新分类重算${clockName(clockId).zh}，${bankTime(dueAt)} 到期`,
          en: `The ${clockName(clockId).en} clock recalculated for the new classification, due ${bankTime(dueAt)}`,
        },
  ClockWarningRaised: ({ clockId, threshold }) => ({
    zh: `预警：${clockName(clockId).zh}已用 ${percent(threshold)}`,
    en: `Warning: the ${clockName(clockId).en} clock has used ${percent(threshold)} of its time`,
  }),
  ClockBreached: ({ clockId }) => ({ zh: `超时：${clockName(clockId).zh}已逾期`, en: `Breached: the ${clockName(clockId).en} clock is overdue` }),
  ClockStopped: ({ clockId, outcome }) => ({
    zh: `停止计时：${clockName(clockId).zh}（${STOP_OUTCOMES[outcome].zh}）`,
    en: `The ${clockName(clockId).en} clock stopped (${STOP_OUTCOMES[outcome].en})`,
  }),
};

export function hasSummary(type: string): type is SummarizedEvent['type'] {
  return Object.hasOwn(SUMMARIES, type);
}

/** What the event means, in a line for people; an event type this build does not know is named as it is. */
export function summarizeEvent(event: { readonly type: string; readonly data: unknown }, unit: UnitNames): Summary {
  if (!hasSummary(event.type)) return { zh: event.type, en: event.type };
  return (SUMMARIES[event.type] as (data: unknown, unit: UnitNames) => Summary)(event.data, unit);
}

/** The reason an event gives for itself (escalations, withdrawals, clock commands, failed follow-ups and re-inspections), else null. */
export function reasonOf(event: { readonly type: string; readonly data: unknown }): string | null {
  const data = event.data as Record<string, unknown>;
  const reason = event.type === 'ComplaintReopened' || event.type === 'FindingCarriedOver' ? data.comment : data.reason;
  return typeof reason === 'string' ? reason : null;
}
