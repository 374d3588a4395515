import { useEffect } from 'react';
import { api, mapLimited, type Session } from '../api';
import { useI18n } from '../i18n';
import { Section, useLoad } from '../ui';
import { LoadedCases, type CasePage, type CaseRow, type Deadline } from './case-table';

/** Queues refresh on their own this often; countdowns tick in between. */
const REFRESH_MS = 5 * 60_000;
const QUEUE_PAGE = 50;

interface ClockSummary {
  readonly state: string;
  readonly dueAt: string;
  readonly remaining: { ms: number };
}

/**
 * The queue row carries the due instant only; the remaining business time (working hours, 调休)
 * is the API's to compute, so each row's view is asked for its clocks.
 */
async function deadlineOf(session: Session, row: CaseRow): Promise<[string, Deadline] | null> {
  // A case closed or moved away since the queue was read simply shows no countdown.
  const view = await api<{ clocks: ClockSummary[] }>(session, `/${row.kind === 'finding' ? 'findings' : 'complaints'}/${row.id}`).catch(() => ({ clocks: [] }));
  const open = view.clocks.filter((clock) => clock.state === 'running' || clock.state === 'paused' || clock.state === 'breached');
  const nearest = open.find((clock) => clock.dueAt === row.dueAt) ?? open.sort((a, b) => a.remaining.ms - b.remaining.ms)[0];
  return nearest ? [row.id, { remainingMs: nearest.remaining.ms, running: nearest.state === 'running' }] : null;
}

/** Open cases nearest deadline first, as GET /queues/<name> sorts them, each with its business-time countdown. */
export function QueueBoard({ session, name, title }: { session: Session; name: 'mine' | 'overdue' | 'escalated'; title: string }) {
  const { t } = useI18n();
  const queue = useLoad(async () => {
    const page = await api<CasePage>(session, `/queues/${name}?limit=${QUEUE_PAGE}`);
    const at = Date.now();
    const deadlines = await mapLimited(page.items, 4, (row) => deadlineOf(session, row));
    return { page, at, deadlines: new Map(deadlines.filter((entry) => entry !== null)) };
  }, [name]);
  const { reload } = queue;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);
  return (
    <Section title={title} id={`queue-${name}`}>
      <button type="button" onClick={reload}>
        {t('refresh')}
      </button>
      <LoadedCases list={queue} caption={title} />
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
    </>
  );
}
