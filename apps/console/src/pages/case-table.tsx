import { useI18n } from '../i18n';
import { Busy, caseLink, CaseName, Countdown, formatInstant, ProblemAlert, TableHead, type Loaded } from '../ui';

/** A row of GET /queues/*, /complaints and /findings (the read model's case row). */
export interface CaseRow {
  readonly kind: 'complaint' | 'finding';
  readonly id: string;
  /** 案件编号; null for a case registered before numbers existed. */
  readonly number: string | null;
  readonly state: string;
  readonly unitId: string;
  readonly responsibleUnitId: string;
  readonly description: string;
  readonly dueAt: string | null;
  readonly escalationLevel: number;
  readonly open: boolean;
}

export interface CasePage {
  readonly items: readonly CaseRow[];
  readonly nextCursor: string | null;
}

/** A case's nearest running deadline as its view reports it (business time for working-day clocks). */
export interface Deadline {
  readonly remainingMs: number;
  readonly running: boolean;
}

export interface LoadedCasePage {
  readonly page: CasePage;
  readonly at: number;
  readonly deadlines?: ReadonlyMap<string, Deadline>;
}

export function CaseTable({ rows, caption, loadedAt, deadlines }: { rows: readonly CaseRow[]; caption: string; loadedAt: number; deadlines?: ReadonlyMap<string, Deadline> }) {
  const { t, code } = useI18n();
  const remainingColumn = deadlines ? [`${t('remaining')} (${t('businessTime')})`] : [];
  if (rows.length === 0) return <p className="empty">{t('empty')}</p>;
  return (
    <table className="cases">
      <caption className="visually-hidden">{caption}</caption>
      <TableHead columns={[t('caseNumber'), t('kind'), t('description'), t('state'), t('responsibleUnit'), t('dueAt'), ...remainingColumn]} />
      <tbody>
        {rows.map((row) => (
          <tr key={row.id}>
            <td>
              <a href={caseLink(row.kind, row.id)} aria-label={`${t('open')} ${row.description}`}>
                <CaseName number={row.number} id={row.id} />
              </a>
            </td>
            <td>{code(row.kind)}</td>
            <td className="text">{row.description}</td>
            <td>{code(row.state, row.kind)}</td>
            <td>{row.responsibleUnitId}</td>
            <td>{formatInstant(row.dueAt)}</td>
            {deadlines && (
              <td>{deadlines.has(row.id) ? <Countdown remainingMs={deadlines.get(row.id)!.remainingMs} measuredAt={loadedAt} running={deadlines.get(row.id)!.running} /> : '—'}</td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A loaded list of cases: progress while it loads, the API's problem if it failed, else the table. */
export function LoadedCases({ list, caption }: { list: Loaded<LoadedCasePage>; caption: string }) {
  return (
    <>
      {list.loading && <Busy />}
      <ProblemAlert problem={list.problem} />
      {list.data && <CaseTable rows={list.data.page.items} caption={caption} loadedAt={list.data.at} deadlines={list.data.deadlines} />}
    </>
  );
}
