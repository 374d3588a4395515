import { useState, type FormEvent } from 'react';
import { answer, clientOf, type Schema, type Session } from '../api';
import { Field } from '../form';
import { useI18n } from '../i18n';
import { Busy, DownloadButton, ProblemAlert, Section, TableHead, useLoad } from '../ui';

type ScoreReport = Schema<'ScoreReportDto'>;
type UnitScore = ScoreReport['rows'][number];
type Level = 'outlet' | 'sub_branch';

const PARTS = [
  ['inspection', 'partInspection'],
  ['complaints', 'partComplaints'],
  ['onTime', 'partOnTime'],
] as const;

const shown = (value: number | null): string => (value === null ? '—' : String(value));

/** One unit's score taken apart: what was measured, its score, its weight and the points it brought, then the penalty. */
function ScoreParts({ row }: { row: UnitScore }) {
  const { t } = useI18n();
  return (
    <section className="panel" data-testid="score-parts" aria-label={`${row.unitName}: ${t('scoreParts')}`}>
      <h3>
        {row.unitName} · {t('scoreParts')} · {t('score')} {shown(row.score)}
      </h3>
      <table>
        <TableHead columns={[t('scorePart'), t('scoreFigure'), t('partScore'), t('weight'), t('points')]} />
        <tbody>
          {PARTS.map(([part, label]) => (
            <tr key={part} data-part={part}>
              <th scope="row">{t(label)}</th>
              <td>{shown(row.parts[part].figure)}</td>
              <td>{shown(row.parts[part].score)}</td>
              <td>{row.parts[part].weight}</td>
              <td>{shown(row.parts[part].points)}</td>
            </tr>
          ))}
          <tr data-part="penalty">
            <th scope="row">{t('penaltyDeducted')}</th>
            <td>{row.penalty.points}</td>
            <td />
            <td />
            <td>−{row.penalty.deducted}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

/**
 * The quarterly ranking (GET /reports/scores): every unit of a level in the report unit's subtree,
 * best first, with a drill-down into one unit's score parts so the unit sees why.
 */
export function ScoreRanking({ session, unitId }: { session: Session; unitId: string }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState({ period: '', level: 'outlet' as Level });
  const [asked, setAsked] = useState(draft);
  const [opened, setOpened] = useState<string | null>(null);
  const query = { period: asked.period.trim() || undefined, level: asked.level, unitId: unitId || undefined };
  const report = useLoad(async () => {
    const answered = await answer(clientOf(session).GET('/reports/scores', { params: { query } }));
    if (typeof answered === 'string') throw new Error('The scores came as CSV where JSON was asked for');
    return answered;
  }, [asked, unitId]);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setOpened(null);
    setAsked(draft);
  };
  const openedRow = report.data?.rows.find((row) => row.unitId === opened);
  return (
    <Section title={t('scoreRanking')} id="score-ranking">
      <form onSubmit={apply} className="inline" aria-label={t('scoreRanking')}>
        <Field label={t('scorePeriod')} name="period" problem={report.problem} value={draft.period} onChange={(period) => setDraft({ ...draft, period })} placeholder="2026-Q3" />
        <Field
          label={t('scoreLevel')}
          name="level"
          problem={report.problem}
          value={draft.level}
          onChange={(level) => setDraft({ ...draft, level: (level || 'outlet') as Level })}
          options={[
            { value: 'outlet', label: t('levelOutlet') },
            { value: 'sub_branch', label: t('levelSubBranch') },
          ]}
        />
        <button type="submit">{t('search')}</button>
      </form>
      <p className="hint" data-testid="score-rule">
        {t('scoreRule')}
      </p>
      {report.loading && <Busy />}
      <ProblemAlert problem={report.problem} />
      {report.data && (
        <>
          <p>
            {t('unit')}: <strong>{report.data.unit.name}</strong> · {report.data.period.name} · {t('scoreScheme')}: {report.data.scheme.name}（v{report.data.scheme.version}）
          </p>
          <table data-testid="score-ranking">
            <TableHead columns={[t('rank'), t('unit'), t('score'), t('flag'), t('scoreParts')]} />
            <tbody>
              {report.data.rows.map((row) => (
                <tr key={row.unitId} className={row.flag ?? undefined} data-unit={row.unitId}>
                  <td>{row.rank ?? '—'}</td>
                  <th scope="row">{row.unitName}</th>
                  <td>{shown(row.score)}</td>
                  <td>{row.flag ? t(row.flag) : ''}</td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-expanded={opened === row.unitId}
                      aria-label={`${t('showScoreParts')}：${row.unitName}`}
                      onClick={() => setOpened(opened === row.unitId ? null : row.unitId)}
                    >
                      {t('showScoreParts')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {openedRow && <ScoreParts row={openedRow} />}
        </>
      )}
      <DownloadButton
        load={() => answer(clientOf(session).GET('/reports/scores', { params: { query: { ...query, format: 'csv' } }, parseAs: 'blob', headers: { accept: 'text/csv' } }))}
        filename={`scores-${report.data?.period.name ?? 'current'}.csv`}
      >
        {t('downloadCsv')}
      </DownloadButton>
    </Section>
  );
}
