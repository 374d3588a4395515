import { answer, clientOf, type Session } from '../api';
import { useI18n } from '../i18n';
import { useLoad } from '../ui';

/**
 * For administrators: a calendar in use runs out within 60 days (`/health/ready` degraded on
 * `calendar-horizon`), so the next year's holiday notice should be imported before due dates
 * past it stay provisional.
 */
export function CalendarHorizonBanner({ session }: { session: Session }) {
  const { t } = useI18n();
  const readiness = useLoad(() => answer(clientOf(session).GET('/health/ready')), []);
  const horizon = readiness.data?.checks['calendar-horizon'];
  if (horizon?.status !== 'degraded') return null;
  const running = (readiness.data?.calendars ?? []).filter((calendar) => calendar.daysLeft !== null && calendar.daysLeft < 60);
  return (
    <div role="alert" className="banner warning" data-testid="calendar-horizon">
      <strong>{t('calendarHorizonTitle')}</strong>
      <ul>
        {running.map((calendar) => (
          <li key={calendar.calendarId}>
            {calendar.calendarId} v{calendar.version}: {t('calendarHorizon')} {calendar.horizon}，{t('daysLeft')} {calendar.daysLeft} {t('days')}
          </li>
        ))}
      </ul>
      <p>{t('calendarHorizonHint')}</p>
    </div>
  );
}
