import { useContext, useEffect, useState, type ReactNode } from 'react';
import { answer, clientOf, type Session } from '../api';
import { clockLengthMs, isCounting, isOwed, remainingOf } from '../countdown';
import { useI18n } from '../i18n';
import {
  Busy,
  caseLink,
  CaseName,
  Countdown,
  DownloadButton,
  formatInstant,
  ProblemAlert,
  ProvisionalMark,
  Section,
  TableHead,
  UnitName,
  unitOptions,
  UnitsContext,
  useLoad,
} from '../ui';
import { auditPackOf, historyPageOf, pastViewOf, verificationOf, viewOf, type CaseView, type Clock, type HistoryEntry } from './case-reads';
import { ChecklistResults, recordedItems, RecordResultsForm } from './checklist';
import { CircularDetails } from './circular-details';
import { CaseActions, type CaseKind } from './commands';
import { Evidence } from './evidence';
import { StatechartDiagram } from './statechart-diagram';
import { EmployeeName, PenaltyText } from './service-file-page';

/** Timeline entries a page: a case of a thousand events reads a page at a time. */
const HISTORY_PAGE = 50;

const READS_AUDIT_PACKS = new Set(['auditor', 'supervisor', 'unit_head']);

export function CasePage({ session, kind, id }: { session: Session; kind: CaseKind; id: string }) {
  const { t, code, pick, lang } = useI18n();
  const units = useContext(UnitsContext);
  const record = useLoad(async () => {
    const [view, firstPage, workflow] = await Promise.all([
      viewOf(session, kind, id),
      historyPageOf(session, kind, id, HISTORY_PAGE),
      answer(clientOf(session).GET('/workflows/{aggregate}', { params: { path: { aggregate: kind } } })),
    ]);
    return { view, firstPage, workflow, at: Date.now() };
  }, [kind, id]);
  const categories = useLoad(() => answer(clientOf(session).GET('/categories')), []);
  // Later pages of the timeline, loaded on request; cleared when the case reloads.
  const [laterPages, setLaterPages] = useState<{ items: HistoryEntry[]; nextCursor: string | null }>({ items: [], nextCursor: null });
  const [loadingMore, setLoadingMore] = useState(false);
  // The event the time-travel slider stands on; null is the latest, also after the case changed.
  const [travelledTo, travelTo] = useState<number | null>(null);
  useEffect(() => {
    travelTo(null);
    setLaterPages({ items: [], nextCursor: null });
  }, [record.data]);

  if (!record.data) return record.loading ? <Busy /> : <ProblemAlert problem={record.problem} />;
  const { view, firstPage, workflow, at } = record.data;
  const history = [...firstPage.items, ...laterPages.items];
  const nextCursor = laterPages.items.length ? laterPages.nextCursor : firstPage.nextCursor;
  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await historyPageOf(session, kind, id, HISTORY_PAGE, nextCursor);
      setLaterPages((current) => ({ items: [...current.items, ...page.items], nextCursor: page.nextCursor }));
    } finally {
      setLoadingMore(false);
    }
  };
  const last = view.revision ?? view.asOf?.revision ?? history.at(-1)?.revision ?? 0;
  const revision = travelledTo ?? last;
  const categoryName = (id: string) => {
    const category = categories.data?.find((candidate) => candidate.id === id);
    return category ? pick(category.label) : id;
  };
  const auditor = session.role === 'auditor';
  return (
    <>
      <h1>
        {code(kind)} <CaseName number={view.number} id={id} /> · <span data-testid="case-state">{code(view.state, kind)}</span>
      </h1>
      {record.loading && <Busy />}
      <ProblemAlert problem={record.problem} />
      <div className="columns">
        <div>
          <Section title={t('summary')} id="summary">
            <Summary session={session} view={view} categoryName={categoryName} kind={kind} />
          </Section>
          {!auditor && (
            <Section title={t('actions')} id="actions">
              <CaseActions
                session={session}
                kind={kind}
                id={id}
                revision={last}
                allowed={view.allowedCommands}
                categories={(categories.data ?? []).map((category) => ({ value: category.id, label: pick(category.label) }))}
                units={unitOptions(units, lang)}
                onDone={record.reload}
              />
            </Section>
          )}
          {view.clocks && (
            <Section title={t('clocks')} id="clocks">
              <Clocks clocks={view.clocks} measuredAt={at} live />
            </Section>
          )}
          {kind === 'circular' && <CircularDetails view={view} />}
          {kind === 'inspection' && (
            <Section title={t('checklist')} id="checklist">
              <ChecklistResults view={view} />
              {!auditor && view.allowedCommands.includes('record-results') && <RecordResultsForm session={session} id={id} view={view} onDone={record.reload} />}
            </Section>
          )}
          {view.attachments && (
            <Section title={t('evidence')} id="evidence">
              <Evidence
                session={session}
                kind={kind}
                id={id}
                attachments={view.attachments}
                canAttach={!auditor && view.allowedCommands.includes('attach-evidence')}
                onAttached={record.reload}
                items={recordedItems(view)}
              />
            </Section>
          )}
          <Section title={t('timeline')} id="timeline">
            <ol className="timeline">
              {history.map((entry) => (
                <li key={entry.id} aria-current={entry.revision === revision ? 'step' : undefined}>
                  <span className="revision">#{entry.revision}</span> <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt)}</time> ·{' '}
                  <span className="actor" title={entry.actor.id}>
                    {pick(entry.actor.displayName)}
                  </span>
                  {entry.actor.role !== 'system' && entry.actor.role !== '' ? `（${code(entry.actor.role)}）` : ''} · {pick(entry.summary)}
                  {entry.text && <blockquote className="entry-text">{entry.text}</blockquote>}
                  {entry.reason && <blockquote className="entry-text">{entry.reason}</blockquote>}
                </li>
              ))}
            </ol>
            <p className="hint">
              {t('eventsShown')} {history.length} / {last + 1} {t('events')}
            </p>
            {nextCursor && (
              <button type="button" onClick={loadMore} disabled={loadingMore}>
                {t('olderEvents')}
              </button>
            )}
          </Section>
        </div>
        <div>
          <TimeTravel
            session={session}
            kind={kind}
            id={id}
            revision={revision}
            onTravel={(to) => travelTo(to === last ? null : to)}
            last={last}
            history={history}
            mermaid={workflow.mermaid}
            currentState={view.state}
            categoryName={categoryName}
          />
          {(kind === 'complaint' || kind === 'finding') && <Integrity session={session} kind={kind} id={id} revision={view.revision} />}
          {kind !== 'inspection' && READS_AUDIT_PACKS.has(session.role) && (
            <Section title={t('auditPack')} id="audit-pack">
              <div className="buttons">
                <DownloadButton load={() => auditPackOf(session, kind, id, 'json')} filename={`audit-pack-${view.number ?? id}.json`}>
                  {t('downloadJson')}
                </DownloadButton>
                <DownloadButton load={() => auditPackOf(session, kind, id, 'csv')} filename={`audit-pack-${view.number ?? id}.csv`}>
                  {t('downloadCsv')}
                </DownloadButton>
              </div>
            </Section>
          )}
        </div>
      </div>
    </>
  );
}

/** A case linked to this one, by its number (read from its view; the id's start until then or if out of reach). */
function LinkedCase({ session, kind, id }: { session: Session; kind: CaseKind; id: string }) {
  const { code } = useI18n();
  const linked = useLoad(() => viewOf(session, kind, id), [kind, id]);
  return (
    <a href={caseLink(kind, id)} className="linked-case">
      {code(kind)} <CaseName number={linked.data?.number ?? null} id={id} />
    </a>
  );
}

interface SummaryProps {
  readonly session: Session;
  readonly view: CaseView;
  readonly kind: CaseKind;
  categoryName: (id: string) => string;
}

function Summary({ session, view, categoryName, kind }: SummaryProps) {
  const { t, code } = useI18n();
  // The later findings that name this one as the one they repeat (重复发生).
  const repeatedBy = useLoad(
    async () => (kind === 'finding' ? (await answer(clientOf(session).GET('/findings', { params: { query: { repeatOf: view.id, limit: 100 } } }))).items : []),
    [kind, view.id],
  );
  const links = [...(view.linkedFindingIds ?? []).map((id) => ['finding', id]), ...(view.findingIds ?? []).map((id) => ['finding', id])];
  if (view.inspectionId) links.push(['inspection', view.inspectionId]);
  if (view.complaintId) links.push(['complaint', view.complaintId]);
  const decision = view.responsibilityDecisions?.at(-1);
  const rows: [string, ReactNode][] = [
    [
      kind === 'finding' ? t('findingDescription') : kind === 'inspection' ? t('scope') : kind === 'violation' ? t('violationDescription') : t('complaintDescription'),
      view.description ?? view.scope,
    ],
    [t('employee'), view.employee && <EmployeeName key="employee" employee={view.employee} role={session.role} />],
    [t('ruleBroken'), view.rule && (view.rule.checklistItem ? view.rule.checklistItem.text : categoryName(view.rule.category))],
    [t('penalty'), view.penalty !== undefined && kind === 'violation' ? <PenaltyText key="penalty" penalty={view.penalty} /> : undefined],
    [t('appealGrounds'), view.appeal?.grounds],
    [t('appealOutcome'), view.appealDecision && `${code(view.appealDecision.outcome)}：${view.appealDecision.reason}`],
    [t('caseType'), view.caseType && code(view.caseType)],
    [t('channel'), view.channel && code(view.channel)],
    [t('category'), view.category && categoryName(view.category)],
    [t('unit'), <UnitName key="unit" id={view.unitId} />],
    [t('responsibleUnit'), view.responsibleUnitId && <UnitName key="responsible" id={view.responsibleUnitId} />],
    [t('escalationLevel'), view.escalationLevel],
    [t('assignee'), view.assigneeId],
    [t('inspectionKind'), view.inspectionKind && code(view.inspectionKind)],
    [t('severity'), view.severity && code(view.severity)],
    [t('mode'), view.mode && code(view.mode)],
    [t('measures'), view.plan?.measures.join('；')],
    [t('ownerId'), view.plan?.ownerId],
    [t('planDueAt'), view.plan && formatInstant(view.plan.dueAt)],
    [
      t('milestones'),
      view.plan?.milestones?.length
        ? view.plan.milestones
            .map((milestone, index) => {
              const done = (view.progress ?? []).some((note) => note.milestone === index + 1 && note.completed && note.occurredAt >= view.plan!.occurredAt);
              return `${index + 1}. ${formatInstant(milestone.dueAt)} ${milestone.text}${done ? `（${t('milestoneDone')}）` : ''}`;
            })
            .join('；')
        : undefined,
    ],
    [t('progressNote'), view.progress?.length ? view.progress.map((note) => `${t('milestone')} ${note.milestone}：${note.note}`).join('；') : undefined],
    [t('rectificationReport'), view.report?.report],
    [t('reportsTo'), view.reportsTo && <UnitName key="reportsTo" id={view.reportsTo} />],
    [t('selfInspectionReport'), view.selfReport?.report],
    [t('inspectionSummary'), view.closure?.summary],
    [
      t('reinspections'),
      view.reinspections?.length
        ? view.reinspections.map((check) => `${check.passed ? t('passed') : t('failed')}${check.comment ? `：${check.comment}` : ''}`).join('；')
        : undefined,
    ],
    [t('responsibilityInForce'), view.responsibility && `${code(view.responsibility)}${view.awaitingResponsibilityDecision ? `（${t('awaitingResponsibilityDecision')}）` : ''}`],
    [t('responsibilityDecision'), decision && <ResponsibilityDecision key="decision" decision={decision} />],
    [t('customer'), view.customer && [view.customer.name, view.customer.phone].filter(Boolean).join(' ')],
    [t('receivedAt'), view.receivedAt && formatInstant(view.receivedAt)],
    [t('revision'), view.revision ?? view.asOf?.revision],
    [t('parentFinding'), view.parentId && <LinkedCase key="parent" session={session} kind="finding" id={view.parentId} />],
    [t('repeatedFinding'), view.repeats && <LinkedCase key="repeats" session={session} kind="finding" id={view.repeats} />],
    [
      t('repeatedBy'),
      repeatedBy.data?.length ? (
        <ul key="repeatedBy" className="repeated-by">
          {repeatedBy.data.map((finding) => (
            <li key={finding.id}>
              <UnitName id={finding.unitId} /> ·{' '}
              <a href={caseLink('finding', finding.id)} className="linked-case">
                {code('finding')} <CaseName number={finding.number} id={finding.id} />
              </a>
            </li>
          ))}
        </ul>
      ) : undefined,
    ],
    [
      t('childFindings'),
      view.children?.length ? (
        <ul key="children" className="child-findings">
          {view.children.map((child) => (
            <li key={child.findingId}>
              <UnitName id={child.unitId} /> · <LinkedCase session={session} kind="finding" id={child.findingId} />
              {view.closedChildIds?.includes(child.findingId) ? `（${code('closed', 'finding')}）` : ''}
            </li>
          ))}
        </ul>
      ) : undefined,
    ],
  ];
  return (
    <dl className="summary">
      {rows
        .filter(([, value]) => value !== undefined && value !== null && value !== '')
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      {links.length > 0 && (
        <div>
          <dt>{t('linkedFindings')}</dt>
          <dd>
            {links.map(([kind, id]) => (
              <LinkedCase key={id} session={session} kind={kind as CaseKind} id={id} />
            ))}
          </dd>
        </div>
      )}
    </dl>
  );
}

/** 责任认定 as the owning department decided it; who the employee is only for the roles the API shows it to. */
function ResponsibilityDecision({ decision }: { decision: NonNullable<CaseView['responsibilityDecisions']>[number] }) {
  const { t, code } = useI18n();
  const confirmed = decision.proposed === decision.responsibility;
  const employee = decision.complainedStaffMasked ? t('complainedStaffHidden') : decision.complainedStaffId;
  return (
    <span className="responsibility-decision">
      {confirmed ? t('confirmedProposal') : t('overriddenProposal')}
      {code(decision.responsibility)}
      {decision.reason && `（${decision.reason}）`}
      {decision.responsibleUnitId && (
        <>
          ；{t('responsibleUnitId')} <UnitName id={decision.responsibleUnitId} />
        </>
      )}
      {decision.responsibleStaffId && `；${t('responsibleStaffId')} ${decision.responsibleStaffId}`}
      {employee && `；${t('complainedStaffId')} ${employee}`}
    </span>
  );
}

/** The case's clocks; `live` ticks the running ones, else they stand as the API read them (time travel). */
function Clocks({ clocks, measuredAt, live = false }: { clocks: readonly Clock[]; measuredAt: number; live?: boolean }) {
  const { t, code } = useI18n();
  // A milestone's clock (milestone-2, milestone-2#3 after re-plans) by its number, the others by their names.
  const clockLabel = (clockId: string) => {
    const milestone = /^milestone-(\d+)/.exec(clockId);
    return milestone ? `${t('milestone')} ${milestone[1]}` : code(clockId, 'clock');
  };
  if (clocks.length === 0) return <p className="empty">{t('empty')}</p>;
  return (
    <table>
      <TableHead columns={[t('clock'), t('clockState'), t('dueAt'), `${t('remaining')} (${t('businessTime')})`]} />
      <tbody>
        {clocks.map((clock) => (
          <tr key={clock.clockId}>
            <td>{clockLabel(clock.clockId)}</td>
            <td>{code(clock.state)}</td>
            <td>
              {formatInstant(clock.dueAt)}
              {clock.provisional && <ProvisionalMark />}
            </td>
            <td>
              {isOwed(clock) ? (
                <Countdown remainingMs={remainingOf(clock, measuredAt)} measuredAt={measuredAt} running={live && isCounting(clock)} lengthMs={clockLengthMs(clock)} />
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The record as each event left it (GET …/state?revision=n), with the statechart at that moment. */
interface TimeTravelProps {
  readonly session: Session;
  readonly kind: CaseKind;
  readonly id: string;
  readonly revision: number;
  readonly last: number;
  onTravel: (revision: number) => void;
  readonly history: readonly HistoryEntry[];
  readonly mermaid: string;
  readonly currentState: string;
  categoryName: (id: string) => string;
}

function TimeTravel({ session, kind, id, revision, last, onTravel, history, mermaid, currentState, categoryName }: TimeTravelProps) {
  const { t, code, pick } = useI18n();
  const past = useLoad(async () => (revision === last ? null : pastViewOf(session, kind, id, revision)), [kind, id, revision, last]);
  const entry = history.find((item) => item.revision === revision);
  const state = revision === last ? currentState : (past.data?.state ?? currentState);
  return (
    <Section title={t('timeTravel')} id="time-travel">
      <label htmlFor="revision-slider">
        {t('timeTravelLabel')}: <output htmlFor="revision-slider">#{revision}</output>
      </label>
      <input
        id="revision-slider"
        type="range"
        min={0}
        max={last}
        step={1}
        value={revision}
        onChange={(event) => onTravel(Number(event.target.value))}
        aria-valuetext={entry ? `#${revision} ${pick(entry.summary)}` : `#${revision}`}
      />
      <p aria-live="polite" data-testid="time-travel-state">
        {t('asOf')} {formatInstant(entry?.occurredAt ?? past.data?.asOf?.occurredAt)} · {t('state')}: <strong>{code(state, kind)}</strong>
        {entry ? ` · ${pick(entry.summary)}` : ''}
      </p>
      {past.loading && <Busy />}
      <ProblemAlert problem={past.problem} />
      <StatechartDiagram kind={kind} mermaid={mermaid} current={state} />
      {revision !== last && past.data && (
        <div className="past-view" data-testid="past-view">
          <Summary session={session} view={past.data} categoryName={categoryName} kind={kind} />
          {past.data.clocks && past.data.clocks.length > 0 && (
            <>
              <h3>
                {t('clocksThen')}（{formatInstant(past.data.asOf?.clocksReadAt)}）
              </h3>
              <Clocks clocks={past.data.clocks} measuredAt={Date.parse(past.data.asOf?.clocksReadAt ?? past.data.asOf?.occurredAt ?? '')} />
            </>
          )}
        </div>
      )}
    </Section>
  );
}

function Integrity({ session, kind, id, revision }: { session: Session; kind: 'complaint' | 'finding'; id: string; revision?: number }) {
  const { t } = useI18n();
  const verification = useLoad(() => verificationOf(session, kind, id), [kind, id, revision]);
  return (
    <Section title={t('integrity')} id="integrity">
      {verification.loading && <Busy />}
      <ProblemAlert problem={verification.problem} />
      {verification.data && (
        <p className={`badge ${verification.data.valid ? 'valid' : 'broken'}`} data-testid="integrity-badge">
          {verification.data.valid ? `✔ ${t('integrityValid')}` : `✘ ${t('integrityBroken')}`} · {verification.data.events} {t('events')}
          {verification.data.reason ? ` · ${verification.data.reason}` : ''}
        </p>
      )}
    </Section>
  );
}
