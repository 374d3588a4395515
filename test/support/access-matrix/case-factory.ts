import { createHash } from 'node:crypto';
import type { ApiTestApp } from '../api-test-app';
import { send, SETUP_USERS, signIn, staffAt, type HttpCall } from './matrix-org';

export type ComplaintStage = 'received' | 'replied' | 'unreachable' | 'decision-review' | 'verified' | 'clock-paused';
export type FindingStage = 'received' | 'planned' | 'plan-pending' | 'reported' | 'verified' | 'clock-paused';
/** A violation of the unit's employee; its penalty decided at the branch, so an appeal goes to head office. */
export type ViolationStage = 'recorded' | 'penalised' | 'appealed';
/** The stages a fresh case of each kind can be prepared in. */
export type StageOf = { complaint: ComplaintStage; finding: FindingStage };

/** The clocks of test/fixtures/sla-policies.access-matrix.json. */
export const CLOCK_OF = { complaint: 'decide', finding: 'rectify' } as const;

const DAY_MS = 24 * 3600 * 1000;

/** How the matrix files evidence: a CCTV note without personal data. */
export const EVIDENCE_QUERY = { fileName: '监控调阅记录.txt', evidenceKind: 'cctv_note', personalData: 'false' } as const;

/**
 * Prepares cases through the API as head-office setup users: a fresh case in the stage a command
 * needs, so a request's status shows access alone, or one shared case per unit for reads.
 */
export class CaseFactory {
  private readonly shared = new Map<string, Promise<string>>();
  private readonly sharedCirculars = new Map<string, Promise<{ id: string; sha256: string }>>();

  private constructor(
    private readonly api: ApiTestApp,
    private readonly supervisor: string,
    private readonly unitHead: string,
    private readonly branchSupervisor: string,
  ) {}

  static async start(api: ApiTestApp): Promise<CaseFactory> {
    return new CaseFactory(api, await signIn(api, SETUP_USERS.supervisor), await signIn(api, SETUP_USERS.unitHead), await signIn(api, SETUP_USERS.branchSupervisor));
  }

  /** When the shared complaints were received: a moment of their own, so an audit pack over it holds only them. */
  get sharedReceivedAt(): string {
    return new Date(this.api.clock.now().getTime() - DAY_MS).toISOString();
  }

  async complaint(unitId: string, stage: ComplaintStage = 'received', receivedAt?: string): Promise<string> {
    const registered = await this.call(this.supervisor, 'POST', '/complaints', {
      type: 'complaint',
      channel: 'walk_in',
      category: 'attitude',
      unitId,
      customer: { name: '陈**', phone: '400-000-0000' },
      description: '柜员态度冷漠、不耐烦',
      ...(receivedAt !== undefined && { receivedAt }),
    });
    const id = registered.id as string;
    if (stage === 'clock-paused') await this.call(this.supervisor, 'POST', `/complaints/${id}/clocks/${CLOCK_OF.complaint}/pause`, { reason: 'awaiting_customer' });
    if (stage === 'replied' || stage === 'unreachable' || stage === 'decision-review' || stage === 'verified') {
      await this.call(this.supervisor, 'POST', `/complaints/${id}/reply`, { responsibility: 'customer', text: '已向客户解释', channel: 'phone' });
    }
    // Three failed follow-up calls: the follow-up may end as customer unreachable.
    for (let call = 0; stage === 'unreachable' && call < 3; call++) {
      await this.call(this.supervisor, 'POST', `/complaints/${id}/contact-attempts`, { attemptedAt: '2020-01-01T01:00:00Z', channel: 'phone', reached: false });
    }
    // Asked by a setup user, so that any matrix supervisor may approve or refuse it (four-eyes).
    if (stage === 'decision-review') await this.call(this.supervisor, 'POST', `/complaints/${id}/decision-maintenance-request`, { note: '客户未提出新的理由' });
    // Four-eyes: the follow-up visit is recorded by someone other than whoever replied.
    if (stage === 'verified') await this.call(this.unitHead, 'POST', `/complaints/${id}/verify`, { satisfied: true });
    return id;
  }

  /** A fresh complaint or finding at the unit, in the stage. */
  fresh<K extends keyof StageOf>(kind: K, unitId: string, stage: StageOf[K]): Promise<string> {
    return kind === 'complaint' ? this.complaint(unitId, stage as ComplaintStage) : this.finding(unitId, stage as FindingStage);
  }

  async inspection(unitId: string): Promise<string> {
    const opened = await this.call(this.supervisor, 'POST', '/inspections', { kind: 'onsite', unitId, scope: '柜面服务' });
    return opened.id as string;
  }

  /** A self-inspection (自查), opened by an inspector of the unit itself (setup.self.<unit>), not reported yet. */
  async selfInspection(unitId: string): Promise<string> {
    const opened = await this.call(await signIn(this.api, `setup.self.${unitId}`), 'POST', '/inspections', { kind: 'self', unitId, scope: '自查' });
    return opened.id as string;
  }

  /** An inspection scored against the shipped counter checklist, no item recorded yet. */
  async scoredInspection(unitId: string): Promise<string> {
    const opened = await this.call(this.supervisor, 'POST', '/inspections', { kind: 'offsite', unitId, scope: '调看录像', checklistId: 'counter-service' });
    return opened.id as string;
  }

  async finding(unitId: string, stage: FindingStage = 'received'): Promise<string> {
    const inspectionId = await this.sharedCase('inspection', unitId, () => this.inspection(unitId));
    const raised = await this.call(this.supervisor, 'POST', `/inspections/${inspectionId}/findings`, {
      unitId,
      category: 'process',
      description: '柜员离席未签退',
      severity: 'minor',
      mode: 'deadline',
      dueAt: new Date(this.api.clock.now().getTime() + 30 * DAY_MS).toISOString(),
    });
    const id = raised.id as string;
    if (stage === 'clock-paused') await this.call(this.supervisor, 'POST', `/findings/${id}/clocks/${CLOCK_OF.finding}/pause`, { reason: 'external_appraisal' });
    // Due after the finding's 30-day deadline: awaits the inspector's approval.
    if (stage === 'plan-pending') {
      const beyond = new Date(this.api.clock.now().getTime() + 40 * DAY_MS).toISOString();
      await this.call(this.unitHead, 'POST', `/findings/${id}/plan`, { measures: ['落实签退制度'], ownerId: SETUP_USERS.unitHead, dueAt: beyond });
    }
    if (stage === 'planned' || stage === 'reported' || stage === 'verified') {
      const dueAt = new Date(this.api.clock.now().getTime() + 10 * DAY_MS).toISOString();
      const milestones = [{ text: '晨会通报签退制度', dueAt: new Date(this.api.clock.now().getTime() + 5 * DAY_MS).toISOString() }];
      await this.call(this.unitHead, 'POST', `/findings/${id}/plan`, { measures: ['落实签退制度'], ownerId: SETUP_USERS.unitHead, dueAt, milestones });
    }
    if (stage === 'reported' || stage === 'verified') await this.call(this.unitHead, 'POST', `/findings/${id}/report`, { text: '已整改' });
    // Four-eyes: re-inspected by someone other than whoever reported.
    if (stage === 'verified') await this.call(this.supervisor, 'POST', `/findings/${id}/verify`, { passed: true });
    return id;
  }

  async violation(unitId: string, stage: ViolationStage = 'recorded'): Promise<string> {
    const recorded = await this.call(this.supervisor, 'POST', '/violations', { staffId: staffAt(unitId), category: 'attitude', description: '对客户态度冷漠' });
    const id = recorded.id as string;
    if (stage !== 'recorded') await this.call(this.branchSupervisor, 'POST', `/violations/${id}/penalty`, { points: 2, reason: '造成客户投诉' });
    if (stage === 'appealed') await this.call(this.unitHead, 'POST', `/violations/${id}/appeal`, { grounds: '当日系统故障' });
    return id;
  }

  /**
   * A circular from head office to the unit: a draft (seen only at head office), issued (read by
   * the unit's subtree), or issued with a note filed on it; answers its id and the note's SHA-256.
   */
  async circular(unitId: string, stage: 'draft' | 'issued' | 'filed'): Promise<{ id: string; sha256: string }> {
    const drafted = await this.call(this.supervisor, 'POST', '/circulars', {
      kind: 'circular',
      title: '关于服务检查情况的通报',
      content: '予以通报。',
      recipientUnitIds: [unitId],
    });
    const id = drafted.id as string;
    const note = `${unitId} 服务检查评分表`;
    if (stage === 'filed') {
      const response = await send(this.api, this.supervisor, {
        method: 'POST',
        path: `/circulars/${id}/attachments`,
        query: EVIDENCE_QUERY,
        body: note,
        contentType: 'text/plain',
      });
      if (response.status !== 200) throw new Error(`Case setup POST /circulars/${id}/attachments answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    if (stage !== 'draft') await this.call(this.supervisor, 'POST', `/circulars/${id}/issue`, {});
    return { id, sha256: createHash('sha256').update(note).digest('hex') };
  }

  /** The issued circular to the unit that routes which only read share. */
  readableCircular(unitId: string): Promise<{ id: string; sha256: string }> {
    const key = `circular:${unitId}`;
    if (!this.sharedCirculars.has(key)) this.sharedCirculars.set(key, this.circular(unitId, 'filed'));
    return this.sharedCirculars.get(key)!;
  }

  /** Files a note on the case as the setup supervisor (the same bytes again record nothing); answers its SHA-256. */
  async evidenceOn(kind: 'complaint' | 'finding' | 'inspection' | 'violation', id: string, note: string): Promise<string> {
    const call: HttpCall = { method: 'POST', path: `/${kind}s/${id}/attachments`, query: EVIDENCE_QUERY, body: note, contentType: 'text/plain' };
    const response = await send(this.api, this.supervisor, call);
    if (response.status !== 200) throw new Error(`Case setup POST ${call.path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return createHash('sha256').update(note).digest('hex');
  }

  /** One case per kind and unit for routes that only read it; complaints received at `sharedReceivedAt`. */
  readable(kind: 'complaint' | 'finding' | 'inspection' | 'violation', unitId: string): Promise<string> {
    const create = {
      complaint: () => this.complaint(unitId, 'received', this.sharedReceivedAt),
      finding: () => this.finding(unitId),
      inspection: () => this.inspection(unitId),
      violation: () => this.violation(unitId),
    }[kind];
    return this.sharedCase(kind, unitId, create);
  }

  private sharedCase(kind: string, unitId: string, create: () => Promise<string>): Promise<string> {
    const key = `${kind}:${unitId}`;
    if (!this.shared.has(key)) this.shared.set(key, create());
    return this.shared.get(key)!;
  }

  private async call(token: string, method: string, path: string, body: object): Promise<Record<string, unknown>> {
    const call: HttpCall = { method, path, body };
    const response = await send(this.api, token, call);
    if (response.status >= 300) throw new Error(`Case setup ${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as Record<string, unknown>;
  }
}
