import { useContext, useState, type FormEvent } from 'react';
import { answer, clientOf, type Schema, type Session } from '../api';
import { Field } from '../form';
import { useI18n } from '../i18n';
import { Busy, DownloadButton, ProblemAlert, Section, TableHead, unitOptions, UnitsContext, useLoad } from '../ui';
import { ScoreRanking } from './score-ranking';

interface SlaRow {
  readonly unitId?: string;
  readonly unitName?: string;
  readonly month?: string;
  readonly received: number;
  readonly replied: number;
  readonly repliedOnTime: number;
  readonly breached: number;
  readonly onTimeRate: number | null;
}

interface RankingRow {
  readonly rank: number | null;
  readonly unitId: string;
  readonly unitName: string;
  readonly received: number;
  readonly repliedOnTime: number;
  readonly breached: number;
  readonly onTimeRate: number | null;
  readonly flag: 'reward' | 'circular' | null;
}

/** A report as the API answers it; its rows are typed by report here, the document types them as objects. */
type Report<Row> = Omit<Schema<'ReportDto'>, 'rows'> & { readonly rows: readonly Row[] };

/**
 * The on-time reply rate the console measures units against (a house target, not a regulatory
 * figure): at or above is green, within AMBER_POINTS below is amber, further below red.
 */
export const TARGET_RATE = 90;
const AMBER_POINTS = 10;
const GREEN = '#1b7f3b';
const AMBER = '#8a5a00';
const RED = '#b3261e';
const GREY = '#6b7683';

export const rateColour = (rate: number | null): string => (rate === null ? GREY : rate >= TARGET_RATE ? GREEN : rate >= TARGET_RATE - AMBER_POINTS ? AMBER : RED);

/** Horizontal bars of the on-time rate (0–100 %) against the target line, the figure beside each bar so it reads without colour. */
function RateChart({ rows, label }: { rows: readonly { key: string; name: string; rate: number | null }[]; label: string }) {
  const { t } = useI18n();
  const barWidth = 320;
  const rowHeight = 26;
  const labelWidth = 140;
  const top = 18;
  const targetX = labelWidth + (barWidth * TARGET_RATE) / 100;
  const height = rows.length * rowHeight + top + 4;
  return (
    <svg role="img" aria-label={`${label}; ${t('target')} ${TARGET_RATE}%`} width={labelWidth + barWidth + 70} height={height} className="chart">
      <line x1={targetX} x2={targetX} y1={top - 4} y2={height} stroke="#1a1a1a" strokeDasharray="4 3" data-testid="target-line" />
      <text x={targetX} y={top - 6} textAnchor="middle" fontSize="12" fill="#1a1a1a">
        {t('target')} {TARGET_RATE}%
      </text>
      {rows.map((row, index) => {
        const y = index * rowHeight + top;
        const rate = row.rate ?? 0;
        const colour = rateColour(row.rate);
        return (
          <g key={row.key}>
            <text x={labelWidth - 8} y={y + 16} textAnchor="end" fontSize="13" fill="#1a1a1a">
              {row.name}
            </text>
            <rect x={labelWidth} y={y} width={(barWidth * rate) / 100} height={rowHeight - 8} fill={colour} data-colour={colour} />
            <text x={labelWidth + (barWidth * rate) / 100 + 6} y={y + 16} fontSize="13" fill="#1a1a1a">
              {row.rate === null ? '—' : `${row.rate}%`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The period and the unit whose subtree a report covers; empty means the API's default. */
interface Scope {
  readonly from: string;
  readonly to: string;
  readonly unitId: string;
}

interface ReportProps {
  readonly session: Session;
  readonly scope: Scope;
  /** Report on a unit below instead (its subtree). */
  drillInto: (unitId: string) => void;
}

/** The scope as the report routes' query: empty fields left to the API's defaults. */
const scopeQuery = (scope: Scope) => ({ from: scope.from.trim() || undefined, to: scope.to.trim() || undefined, unitId: scope.unitId || undefined });

/** The JSON answer (the routes also answer CSV, typed as a string) with its rows as this report's. */
async function rowsAs<Row>(report: Promise<string | Schema<'ReportDto'>>): Promise<Report<Row>> {
  const answered = await report;
  if (typeof answered === 'string') throw new Error('The report came as CSV where JSON was asked for');
  return { ...answered, rows: answered.rows as unknown as Row[] };
}

const slaReportOf = (session: Session, scope: Scope, groupBy: 'unit' | 'month') =>
  rowsAs<SlaRow>(answer(clientOf(session).GET('/reports/sla', { params: { query: { ...scopeQuery(scope), groupBy } } })));

const rankingsOf = (session: Session, scope: Scope) => rowsAs<RankingRow>(answer(clientOf(session).GET('/reports/rankings', { params: { query: scopeQuery(scope) } })));

/** A report as CSV, for the download buttons. */
function csvOf(session: Session, report: '/reports/sla' | '/reports/rankings', scope: Scope, groupBy?: 'unit' | 'month'): Promise<Blob> {
  const query = { ...scopeQuery(scope), groupBy, format: 'csv' as const };
  return answer(clientOf(session).GET(report, { params: { query }, parseAs: 'blob', headers: { accept: 'text/csv' } }));
}

function UnitCell({ unitId, name, drillInto }: { unitId: string; name: string; drillInto: (unitId: string) => void }) {
  const { t } = useI18n();
  return (
    <th scope="row">
      <button type="button" className="link" onClick={() => drillInto(unitId)} aria-label={`${name}: ${t('drillDown')}`}>
        {name}
      </button>
    </th>
  );
}

function SlaReport({ session, scope, drillInto, groupBy, title }: ReportProps & { groupBy: 'unit' | 'month'; title: string }) {
  const { t } = useI18n();
  const report = useLoad(() => slaReportOf(session, scope, groupBy), [groupBy, scope]);
  const rows = (report.data?.rows ?? []).map((row) => ({ key: row.unitId ?? row.month ?? '', name: row.unitName ?? row.month ?? '', rate: row.onTimeRate, row }));
  return (
    <Section title={title} id={`sla-${groupBy}`}>
      {report.loading && <Busy />}
      <ProblemAlert problem={report.problem} />
      {report.data && (
        <>
          <p>
            {t('unit')}: <strong data-testid="report-unit">{report.data.unit.name}</strong>
          </p>
          <RateChart rows={rows} label={`${title}: ${report.data.unit.name}`} />
          <table>
            <TableHead columns={[groupBy === 'unit' ? t('unit') : t('month'), t('received'), t('replied'), t('repliedOnTime'), t('breached'), t('onTimeRate')]} />
            <tbody>
              {rows.map(({ key, name, row }) => (
                <tr key={key}>
                  {row.unitId ? <UnitCell unitId={row.unitId} name={name} drillInto={drillInto} /> : <th scope="row">{name}</th>}
                  <td>{row.received}</td>
                  <td>{row.replied}</td>
                  <td>{row.repliedOnTime}</td>
                  <td>{row.breached}</td>
                  <Rate rate={row.onTimeRate} />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <DownloadButton load={() => csvOf(session, '/reports/sla', scope, groupBy)} filename={`sla-by-${groupBy}.csv`}>
        {t('downloadCsv')}
      </DownloadButton>
    </Section>
  );
}

function Ranking({ session, scope, drillInto }: ReportProps) {
  const { t } = useI18n();
  const report = useLoad(() => rankingsOf(session, scope), [scope]);
  return (
    <Section title={t('ranking')} id="ranking">
      {report.loading && <Busy />}
      <ProblemAlert problem={report.problem} />
      <p className="hint" data-testid="ranking-rule">
        {t('rankingRule')}
      </p>
      {report.data && (
        <table>
          <TableHead columns={[t('rank'), t('unit'), t('received'), t('repliedOnTime'), t('breached'), t('onTimeRate'), t('flag')]} />
          <tbody>
            {report.data.rows.map((row) => (
              <tr key={row.unitId} className={row.flag ?? undefined}>
                <td>{row.rank ?? '—'}</td>
                <UnitCell unitId={row.unitId} name={row.unitName} drillInto={drillInto} />
                <td>{row.received}</td>
                <td>{row.repliedOnTime}</td>
                <td>{row.breached}</td>
                <Rate rate={row.onTimeRate} />
                <td>{row.flag ? t(row.flag) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <DownloadButton load={() => csvOf(session, '/reports/rankings', scope)} filename="rankings.csv">
        {t('downloadCsv')}
      </DownloadButton>
    </Section>
  );
}

const ALL_OF_MINE: Scope = { from: '', to: '', unitId: '' };

/** A rate in its cell with a swatch coloured against the target like its bar (the text keeps the row's contrast). */
function Rate({ rate }: { rate: number | null }) {
  return (
    <td className="rate" data-colour={rateColour(rate)}>
      <span className="swatch" style={{ background: rateColour(rate) }} aria-hidden="true" />
      {rate === null ? '—' : `${rate}%`}
    </td>
  );
}

export function ReportsPage({ session }: { session: Session }) {
  const { t, lang } = useI18n();
  const units = useContext(UnitsContext);
  const [draft, setDraft] = useState(ALL_OF_MINE);
  const [scope, setScope] = useState(ALL_OF_MINE);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setScope(draft);
  };
  const drillInto = (unitId: string) => {
    setDraft({ ...draft, unitId });
    setScope({ ...scope, unitId });
  };
  const props = { session, scope, drillInto };
  return (
    <>
      <h1>{t('reportsTitle')}</h1>
      <form onSubmit={apply} className="panel inline" aria-label={t('period')}>
        <Field label={t('from')} name="from" problem={null} value={draft.from} onChange={(from) => setDraft({ ...draft, from })} placeholder="2026-12-01" />
        <Field label={t('to')} name="to" problem={null} value={draft.to} onChange={(to) => setDraft({ ...draft, to })} placeholder="2026-12-31" />
        <Field label={t('unitPicker')} name="unitId" problem={null} value={draft.unitId} onChange={(unitId) => setDraft({ ...draft, unitId })} options={unitOptions(units, lang)} />
        <button type="submit" className="primary">
          {t('search')}
        </button>
        {scope.unitId && (
          <button type="button" onClick={() => (setDraft({ ...draft, unitId: '' }), setScope({ ...scope, unitId: '' }))}>
            {t('myUnits')}
          </button>
        )}
      </form>
      <p className="hint" data-testid="target-rule">
        {t('targetRule')}
      </p>
      <div className="columns">
        <SlaReport {...props} groupBy="unit" title={t('slaByUnit')} />
        <SlaReport {...props} groupBy="month" title={t('slaByMonth')} />
      </div>
      <Ranking {...props} />
      <ScoreRanking session={session} unitId={scope.unitId} />
    </>
  );
}
