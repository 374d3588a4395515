import { useEffect, useState } from 'react';
import { api, query, type Session } from '../api';
import { useI18n } from '../i18n';
import { Busy, caseLink, CaseName, Countdown, DownloadButton, formatInstant, ProblemAlert, Section, TableHead, useLoad } from '../ui';
import { BASE_PATH, CaseActions, type CaseKind } from './commands';
import type { Category } from './register-page';
import { StatechartDiagram } from './statechart-diagram';

interface Clock {
  readonly clockId: string;
  readonly state: string;
  readonly dueAt: string;
  readonly remaining: { ms: number; iso: string };
}

/** The fields of the complaint, finding and inspection views the page shows; the rest is in the timeline. */
interface CaseView {
  readonly id: string;
  readonly number: string | null;
  readonly kind: CaseKind;
  readonly state: string;
  readonly revision?: number;
  readonly unitId: string;
  readonly responsibleUnitId?: string;
  readonly escalationLevel?: number;
  readonly allowedCommands: string[];
  readonly description?: string;
  readonly scope?: string;
  readonly caseType?: string;
  readonly channel?: string;
  readonly category?: string;
  readonly assigneeId?: string | null;
  readonly receivedAt?: string;
  readonly customer?: { name: string | null; phone: string | null };
  readonly clocks?: Clock[];
  readonly linkedFindingIds?: string[];
  readonly findingIds?: string[];
  readonly inspectionId?: string | null;
  readonly complaintId?: string | null;
  readonly asOf?: { revision: number; occurredAt: string };
  readonly severity?: string;
  readonly mode?: string;
  readonly inspectionKind?: string;
  readonly plan?: { measures: string[]; ownerId: string; dueAt: string } | null;
  readonly report?: { report: string } | null;
  readonly reinspections?: { passed: boolean; comment: string | null }[];
}

interface HistoryEntry {
  readonly id: string;
  readonly revision: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly actor: { id: string; role: string; unitId: string };
  readonly summary: { zh: string; en: string };
}

async function wholeHistory(session: Session, path: string): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await api<{ items: HistoryEntry[]; nextCursor: string | null }>(session, `${path}/history${query({ limit: 100, cursor })}`);
    entries.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

const READS_AUDIT_PACKS = new Set(['auditor', 'supervisor', 'unit_head']);

export function CasePage({ session, kind, id }: { session: Session; kind: CaseKind; id: string }) {
  const { t, code, pick } = useI18n();
  const path = `/${BASE_PATH[kind]}/${id}`;
  const record = useLoad(async () => {
    const [view, history, workflow] = await Promise.all([api<CaseView>(session, path), wholeHistory(session, path), api<{ mermaid: string }>(session, `/workflows/${kind}`)]);
    return { view, history, workflow, at: Date.now() };
  }, [path]);
  const categories = useLoad(() => api<Category[]>(session, '/categories'), []);
  // The event the time-travel slider stands on; null is the latest, also after the case changed.
  const [travelledTo, travelTo] = useState<number | null>(null);
  useEffect(() => travelTo(null), [record.data]);

  if (!record.data) return record.loading ? <Busy /> : <ProblemAlert problem={record.problem} />;
  const { view, history, workflow, at } = record.data;
  const last = history.length ? history[history.length - 1].revision : 0;
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
            <Summary view={view} categoryName={categoryName} />
          </Section>
          {!auditor && (
            <Section title={t('actions')} id="actions">
              <CaseActions
                session={session}
                kind={kind}
                id={id}
                revision={view.revision ?? 0}
                allowed={view.allowedCommands}
                categories={(categories.data ?? []).map((category) => ({ value: category.id, label: pick(category.label) }))}
                onDone={record.reload}
              />
            </Section>
          )}
          {view.clocks && (
            <Section title={t('clocks')} id="clocks">
              <Clocks clocks={view.clocks} measuredAt={at} />
            </Section>
          )}
          <Section title={t('timeline')} id="timeline">
            <ol className="timeline">
              {history.map((entry) => (
                <li key={entry.id} aria-current={entry.revision === revision ? 'step' : undefined}>
                  <span className="revision">#{entry.revision}</span> <time dateTime={entry.occurredAt}>{formatInstant(entry.occurredAt)}</time> · {entry.actor.id} (
                  {code(entry.actor.role)}) · {pick(entry.summary)}
                </li>
              ))}
            </ol>
          </Section>
        </div>
        <div>
          <TimeTravel
            session={session}
            kind={kind}
            path={path}
            revision={revision}
            onTravel={(to) => travelTo(to === last ? null : to)}
            history={history}
            mermaid={workflow.mermaid}
            currentState={view.state}
            categoryName={categoryName}
          />
          {kind !== 'inspection' && <Integrity session={session} path={path} revision={view.revision} />}
          {kind !== 'inspection' && READS_AUDIT_PACKS.has(session.role) && (
            <Section title={t('auditPack')} id="audit-pack">
              <div className="buttons">
                <DownloadButton session={session} path={`${path}/audit-pack`} filename={`audit-pack-${id}.json`}>
                  {t('downloadJson')}
                </DownloadButton>
                <DownloadButton session={session} path={`${path}/audit-pack?format=csv`} filename={`audit-pack-${id}.csv`}>
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

function Summary({ view, categoryName }: { view: CaseView; categoryName: (id: string) => string }) {
  const { t, code } = useI18n();
  const links = [...(view.linkedFindingIds ?? []).map((id) => ['finding', id]), ...(view.findingIds ?? []).map((id) => ['finding', id])];
  if (view.inspectionId) links.push(['inspection', view.inspectionId]);
  if (view.complaintId) links.push(['complaint', view.complaintId]);
  const rows: [string, string | number | null | undefined][] = [
    [t('description'), view.description ?? view.scope],
    [t('caseType'), view.caseType && code(view.caseType)],
    [t('channel'), view.channel && code(view.channel)],
    [t('category'), view.category && categoryName(view.category)],
    [t('unit'), view.unitId],
    [t('responsibleUnit'), view.responsibleUnitId],
    [t('escalationLevel'), view.escalationLevel],
    [t('assignee'), view.assigneeId],
    [t('inspectionKind'), view.inspectionKind && code(view.inspectionKind)],
    [t('severity'), view.severity && code(view.severity)],
    [t('mode'), view.mode && code(view.mode)],
    [t('measures'), view.plan?.measures.join('；')],
    [t('ownerId'), view.plan?.ownerId],
    [t('planDueAt'), view.plan && formatInstant(view.plan.dueAt)],
    [t('rectificationReport'), view.report?.report],
    [
      t('reinspections'),
      view.reinspections?.length
        ? view.reinspections.map((check) => `${check.passed ? t('passed') : t('failed')}${check.comment ? `：${check.comment}` : ''}`).join('；')
        : undefined,
    ],
    [t('customer'), view.customer && [view.customer.name, view.customer.phone].filter(Boolean).join(' ')],
    [t('receivedAt'), view.receivedAt && formatInstant(view.receivedAt)],
    [t('revision'), view.revision ?? view.asOf?.revision],
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
              <a key={id} href={caseLink(kind, id)}>
                {code(kind)} {id.slice(0, 8)}{' '}
              </a>
            ))}
          </dd>
        </div>
      )}
    </dl>
  );
}

function Clocks({ clocks, measuredAt }: { clocks: readonly Clock[]; measuredAt: number }) {
  const { t, code } = useI18n();
  if (clocks.length === 0) return <p className="empty">{t('empty')}</p>;
  return (
    <table>
      <TableHead columns={[t('clock'), t('clockState'), t('dueAt'), `${t('remaining')} (${t('businessTime')})`]} />
      <tbody>
        {clocks.map((clock) => (
          <tr key={clock.clockId}>
            <td>{code(clock.clockId, 'clock')}</td>
            <td>{code(clock.state)}</td>
            <td>{formatInstant(clock.dueAt)}</td>
            <td>
              {clock.state === 'running' || clock.state === 'paused' ? (
                <Countdown remainingMs={clock.remaining.ms} measuredAt={measuredAt} running={clock.state === 'running'} />
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
  readonly path: string;
  readonly revision: number;
  onTravel: (revision: number) => void;
  readonly history: readonly HistoryEntry[];
  readonly mermaid: string;
  readonly currentState: string;
  categoryName: (id: string) => string;
}

function TimeTravel({ session, kind, path, revision, onTravel, history, mermaid, currentState, categoryName }: TimeTravelProps) {
  const { t, code, pick } = useI18n();
  const last = history.length ? history[history.length - 1].revision : 0;
  const past = useLoad(async () => (revision === last ? null : api<CaseView>(session, `${path}/state?revision=${revision}`)), [path, revision, last]);
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
        min={history[0]?.revision ?? 0}
        max={last}
        step={1}
        value={revision}
        onChange={(event) => onTravel(Number(event.target.value))}
        aria-valuetext={entry ? `#${revision} ${pick(entry.summary)}` : `#${revision}`}
      />
      <p aria-live="polite" data-testid="time-travel-state">
        {t('asOf')} {entry ? formatInstant(entry.occurredAt) : '—'} · {t('state')}: <strong>{code(state, kind)}</strong>
        {entry ? ` · ${pick(entry.summary)}` : ''}
      </p>
      {past.loading && <Busy />}
      <ProblemAlert problem={past.problem} />
      <StatechartDiagram kind={kind} mermaid={mermaid} current={state} />
      {revision !== last && past.data && (
        <div className="past-view" data-testid="past-view">
          <Summary view={past.data} categoryName={categoryName} />
        </div>
      )}
    </Section>
  );
}

function Integrity({ session, path, revision }: { session: Session; path: string; revision?: number }) {
  const { t } = useI18n();
  const verification = useLoad(() => api<{ valid: boolean; events: number; brokenAt?: number; reason?: string }>(session, `${path}/verify`), [path, revision]);
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
