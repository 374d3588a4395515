import type { Schema } from '../api';
import { useI18n } from '../i18n';
import { Busy, caseLink, CaseName, Countdown, formatInstant, ProblemAlert, TableHead, UnitName, type Loaded } from '../ui';

/** A row of GET /queues/*, /complaints and /findings (the read model's case row). */
export type CaseRow = Schema<'CaseListItemDto'>;
export type CasePage = Schema<'CaseListDto'>;

/** The clock a queue row counts down: its nearest open deadline as the case's view reports it (business time for working-day clocks). */
export interface Deadline {
  readonly remainingMs: number;
  readonly running: boolean;
  readonly dueAt: string;
  readonly lengthMs: number;
}

export interface LoadedCasePage {
  readonly rows: readonly CaseRow[];
  readonly at: number;
  readonly deadlines?: ReadonlyMap<string, Deadline>;
}

/** 投诉内容 for complaints, 问题描述 for findings, 事项内容 where both are listed. */
export type ListedKinds = 'complaint' | 'finding' | 'both';

export function CaseTable({
  rows,
  caption,
  loadedAt,
  deadlines,
  kinds,
}: {
  rows: readonly CaseRow[];
  caption: string;
  loadedAt: number;
  deadlines?: ReadonlyMap<string, Deadline>;
  kinds: ListedKinds;
}) {
  const { t, code } = useI18n();
  const remainingColumn = deadlines ? [`${t('remaining')} (${t('businessTime')})`] : [];
  const descriptionColumn = kinds === 'complaint' ? t('complaintDescription') : kinds === 'finding' ? t('findingDescription') : t('caseSummary');
  if (rows.length === 0) return <p className="empty">{t('empty')}</p>;
  return (
    <table className="cases">
      <caption className="visually-hidden">{caption}</caption>
      <TableHead columns={[t('caseNumber'), t('kind'), descriptionColumn, t('state'), t('responsibleUnit'), t('dueAt'), ...remainingColumn]} />
      <tbody>
        {rows.map((row) => {
          const deadline = deadlines?.get(row.id);
          return (
            <tr key={row.id} data-overdue={row.overdue || undefined}>
              <td>
                <a href={caseLink(row.kind, row.id)} aria-label={`${t('open')} ${row.number ?? ''} ${row.description}`}>
                  <CaseName number={row.number} id={row.id} />
                </a>
              </td>
              <td>{code(row.kind)}</td>
              <td className="text">{row.description}</td>
              <td>{code(row.state, row.kind)}</td>
              <td>
                <UnitName id={row.responsibleUnitId} />
              </td>
              <td>{formatInstant(deadline?.dueAt ?? row.dueAt)}</td>
              {deadlines && (
                <td>
                  {deadline ? (
                    <Countdown remainingMs={deadline.remainingMs} measuredAt={loadedAt} running={deadline.running} lengthMs={deadline.lengthMs} />
                  ) : (
                    <span className="no-clock">{t('noClock')}</span>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A loaded list of cases: progress while it loads, the API's problem if it failed, else the table. */
export function LoadedCases({ list, caption, kinds }: { list: Loaded<LoadedCasePage>; caption: string; kinds: ListedKinds }) {
  return (
    <>
      {list.loading && <Busy />}
      <ProblemAlert problem={list.problem} />
      {list.data && <CaseTable rows={list.data.rows} caption={caption} loadedAt={list.data.at} deadlines={list.data.deadlines} kinds={kinds} />}
    </>
  );
}
