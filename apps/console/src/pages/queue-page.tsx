import { api, type Session } from '../api';
import { useI18n } from '../i18n';
import { Section, useLoad } from '../ui';
import { LoadedCases, type CasePage } from './case-table';

/** Open cases nearest deadline first, as GET /queues/<name> sorts them; refreshed every minute. */
export function QueueBoard({ session, name, title }: { session: Session; name: 'mine' | 'overdue' | 'escalated'; title: string }) {
  const { t } = useI18n();
  const queue = useLoad(async () => ({ page: await api<CasePage>(session, `/queues/${name}?limit=100`), at: Date.now() }), [name]);
  return (
    <Section title={title} id={`queue-${name}`}>
      <button type="button" onClick={queue.reload}>
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
