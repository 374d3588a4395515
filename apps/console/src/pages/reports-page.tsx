import { useState, type FormEvent } from 'react';
import { api, query, type Session } from '../api';
import { Field } from '../form';
import { useI18n } from '../i18n';
import { Busy, DownloadButton, ProblemAlert, Section, TableHead, useLoad } from '../ui';

interface SlaRow {
  readonly unitId?: string;
  readonly unitName?: string;
  readonly month?: string;
  readonly received: number;
  readonly breached: number;
  readonly onTimeRate: number | null;
}

interface RankingRow {
  readonly rank: number | null;
  readonly unitId: string;
  readonly unitName: string;
  readonly received: number;
  readonly onTimeRate: number | null;
  readonly flag: 'reward' | 'circular' | null;
}

interface Report<Row> {
  readonly unit: { id: string; name: string };
  readonly rows: readonly Row[];
}

/** Horizontal bars of the on-time rate (0–100 %), the figure beside each bar so it reads without colour. */
function RateChart({ rows, label }: { rows: readonly { key: string; name: string; rate: number | null }[]; label: string }) {
  const barWidth = 320;
  const rowHeight = 26;
  const labelWidth = 140;
  return (
    <svg role="img" aria-label={label} width={labelWidth + barWidth + 70} height={rows.length * rowHeight + 8} className="chart">
      {rows.map((row, index) => {
        const y = index * rowHeight + 4;
        const rate = row.rate ?? 0;
        const colour = row.rate === null ? '#9aa5b1' : rate >= 90 ? '#1b7f3b' : rate >= 70 ? '#8a5a00' : '#b3261e';
        return (
          <g key={row.key}>
            <text x={labelWidth - 8} y={y + 16} textAnchor="end" fontSize="13" fill="#1a1a1a">
              {row.name}
            </text>
            <rect x={labelWidth} y={y} width={(barWidth * rate) / 100} height={rowHeight - 8} fill={colour} />
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

const reportPath = (report: string, scope: Scope, extra: Record<string, string> = {}): string =>
  `/reports/${report}${query({ ...extra, from: scope.from, to: scope.to, unitId: scope.unitId })}`;

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
  const report = useLoad(() => api<Report<SlaRow>>(session, reportPath('sla', scope, { groupBy })), [groupBy, scope]);
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
            <TableHead columns={[groupBy === 'unit' ? t('unit') : t('month'), t('received'), t('breached'), t('onTimeRate')]} />
            <tbody>
              {rows.map(({ key, name, row }) => (
                <tr key={key}>
                  {row.unitId ? <UnitCell unitId={row.unitId} name={name} drillInto={drillInto} /> : <th scope="row">{name}</th>}
                  <td>{row.received}</td>
                  <td>{row.breached}</td>
                  <td>{row.onTimeRate === null ? '—' : `${row.onTimeRate}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <DownloadButton session={session} path={reportPath('sla', scope, { groupBy, format: 'csv' })} filename={`sla-by-${groupBy}.csv`}>
        {t('downloadCsv')}
      </DownloadButton>
    </Section>
  );
}

function Ranking({ session, scope, drillInto }: ReportProps) {
  const { t } = useI18n();
  const report = useLoad(() => api<Report<RankingRow>>(session, reportPath('rankings', scope)), [scope]);
  return (
    <Section title={t('ranking')} id="ranking">
      {report.loading && <Busy />}
      <ProblemAlert problem={report.problem} />
      {report.data && (
        <table>
          <TableHead columns={[t('rank'), t('unit'), t('received'), t('onTimeRate'), t('flag')]} />
          <tbody>
            {report.data.rows.map((row) => (
              <tr key={row.unitId} className={row.flag ?? undefined}>
                <td>{row.rank ?? '—'}</td>
                <UnitCell unitId={row.unitId} name={row.unitName} drillInto={drillInto} />
                <td>{row.received}</td>
                <td>{row.onTimeRate === null ? '—' : `${row.onTimeRate}%`}</td>
                <td>{row.flag ? t(row.flag) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <DownloadButton session={session} path={reportPath('rankings', scope, { format: 'csv' })} filename="rankings.csv">
        {t('downloadCsv')}
      </DownloadButton>
    </Section>
  );
}

const ALL_OF_MINE: Scope = { from: '', to: '', unitId: '' };

export function ReportsPage({ session }: { session: Session }) {
  const { t } = useI18n();
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
        <Field label={t('from')} name="from" problem={null} value={draft.from} onChange={(from) => setDraft({ ...draft, from })} type="date" />
        <Field label={t('to')} name="to" problem={null} value={draft.to} onChange={(to) => setDraft({ ...draft, to })} type="date" />
        <Field label={t('unitId')} name="unitId" problem={null} value={draft.unitId} onChange={(unitId) => setDraft({ ...draft, unitId })} />
        <button type="submit" className="primary">
          {t('search')}
        </button>
        {scope.unitId && (
          <button type="button" onClick={() => (setDraft({ ...draft, unitId: '' }), setScope({ ...scope, unitId: '' }))}>
            {t('myUnits')}
          </button>
        )}
      </form>
      <div className="columns">
        <SlaReport {...props} groupBy="unit" title={t('slaByUnit')} />
        <SlaReport {...props} groupBy="month" title={t('slaByMonth')} />
      </div>
      <Ranking {...props} />
    </>
  );
}
