import { useEffect } from 'react';
import { answer, clientOf, mapLimited, type Schema, type Session } from '../api';
import { clockLengthMs, isCounting, isOwed, remainingOf } from '../countdown';
import { useI18n } from '../i18n';
import { Section, useLoad } from '../ui';
import { LoadedCases, type CaseRow, type Deadline } from './case-table';

/** Queues refresh on their own this often; countdowns tick in between. */
const REFRESH_MS = 5 * 60_000;
const QUEUE_PAGE = 50;

type Clock = Schema<'ClockViewDto'>;

/**
 * The queue row carries the due instant only; the remaining business time (working hours, 调休)
 * is the API's to compute, so each row's view is asked for its clocks. A breached clock still owed
 * counts first (how late); a case owing no clock shows none.
 */
async function deadlineOf(session: Session, row: CaseRow, measuredAt: number): Promise<[string, Deadline] | null> {
  const client = clientOf(session);
  const params = { params: { path: { id: row.id } } };
  // A case closed or moved away since the queue was read simply shows no countdown.
  const clocks = await (row.kind === 'finding' ? answer(client.GET('/findings/{id}', params)) : answer(client.GET('/complaints/{id}', params))).then(
    (view) => view.clocks,
    (): Clock[] => [],
  );
  const counting = clocks.filter(isOwed).sort((a, b) => remainingOf(a, measuredAt) - remainingOf(b, measuredAt));
  const nearest = counting[0];
  if (!nearest) return null;
  return [
    row.id,
    { remainingMs: remainingOf(nearest, measuredAt), running: isCounting(nearest), dueAt: nearest.dueAt, provisional: nearest.provisional, lengthMs: clockLengthMs(nearest) },
  ];
}

/** Overdue cases first (the API sorts a breached clock before every deadline), the most late first among them, then the nearest deadline. */
const byUrgency = (deadlines: ReadonlyMap<string, Deadline>) => (a: CaseRow, b: CaseRow) =>
  Number(b.overdue) - Number(a.overdue) || (deadlines.get(a.id)?.remainingMs ?? Infinity) - (deadlines.get(b.id)?.remainingMs ?? Infinity);

/** Open cases overdue first, then nearest deadline, as GET /queues/<name> sorts them, each with its business-time countdown. */
export function QueueBoard({ session, name, title }: { session: Session; name: 'mine' | 'overdue' | 'escalated' | 'sign-off'; title: string }) {
  const { t } = useI18n();
  const queue = useLoad(async () => {
    const page = await answer(clientOf(session).GET(`/queues/${name}`, { params: { query: { limit: QUEUE_PAGE } } }));
    const at = Date.now();
    const deadlines = new Map((await mapLimited(page.items, 4, (row) => deadlineOf(session, row, at))).filter((entry) => entry !== null));
    return { rows: [...page.items].sort(byUrgency(deadlines)), at, deadlines };
  }, [name]);
  const { reload } = queue;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);
  return (
    <Section title={title} id={`queue-${name}`}>
      <p className="hint">{t('queueRule')}</p>
      <button type="button" onClick={reload}>
        {t('refresh')}
      </button>
      <LoadedCases list={queue} caption={title} kinds="both" />
    </Section>
  );
}

export function QueuePage({ session }: { session: Session }) {
  const { t } = useI18n();
  return <QueueBoard session={session} name="mine" title={t('queueTitle')} />;
}

export function BoardsPage({ session }: { session: Session }) {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('boardsTitle')}</h1>
      <QueueBoard session={session} name="overdue" title={t('overdueBoard')} />
      <QueueBoard session={session} name="escalated" title={t('escalatedBoard')} />
      {/* 待签字: what the unit head alone signs off (GET /queues/sign-off is theirs and the auditors'). */}
      {(session.role === 'unit_head' || session.role === 'auditor') && <QueueBoard session={session} name="sign-off" title={t('signOffBoard')} />}
    </>
  );
}
