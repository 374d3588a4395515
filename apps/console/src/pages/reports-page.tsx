import { api, type Session } from '../api';
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

function SlaReport({ session, groupBy, title }: { session: Session; groupBy: 'unit' | 'month'; title: string }) {
  const { t } = useI18n();
  const report = useLoad(() => api<Report<SlaRow>>(session, `/reports/sla?groupBy=${groupBy}`), [groupBy]);
  const rows = (report.data?.rows ?? []).map((row) => ({ key: row.unitId ?? row.month ?? '', name: row.unitName ?? row.month ?? '', rate: row.onTimeRate, row }));
  return (
    <Section title={title} id={`sla-${groupBy}`}>
      {report.loading && <Busy />}
      <ProblemAlert problem={report.problem} />
      {report.data && (
        <>
          <RateChart rows={rows} label={`${title}: ${report.data.unit.name}`} />
          <table>
            <TableHead columns={[groupBy === 'unit' ? t('unit') : t('month'), t('received'), t('breached'), t('onTimeRate')]} />
            <tbody>
              {rows.map(({ key, name, row }) => (
                <tr key={key}>
                  <th scope="row">{name}</th>
                  <td>{row.received}</td>
                  <td>{row.breached}</td>
                  <td>{row.onTimeRate === null ? '—' : `${row.onTimeRate}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <DownloadButton session={session} path={`/reports/sla?groupBy=${groupBy}&format=csv`} filename={`sla-by-${groupBy}.csv`}>
        {t('downloadCsv')}
      </DownloadButton>
    </Section>
  );
}

function Ranking({ session }: { session: Session }) {
  const { t } = useI18n();
  const report = useLoad(() => api<Report<RankingRow>>(session, '/reports/rankings'), []);
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
                <th scope="row">{row.unitName}</th>
                <td>{row.received}</td>
                <td>{row.onTimeRate === null ? '—' : `${row.onTimeRate}%`}</td>
                <td>{row.flag ? t(row.flag) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <DownloadButton session={session} path="/reports/rankings?format=csv" filename="rankings.csv">
        {t('downloadCsv')}
      </DownloadButton>
    </Section>
  );
}

export function ReportsPage({ session }: { session: Session }) {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('reportsTitle')}</h1>
      <div className="columns">
        <SlaReport session={session} groupBy="unit" title={t('slaByUnit')} />
        <SlaReport session={session} groupBy="month" title={t('slaByMonth')} />
      </div>
      <Ranking session={session} />
    </>
  );
}
