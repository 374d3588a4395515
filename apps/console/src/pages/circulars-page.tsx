import { useContext, useState, type FormEvent } from 'react';
import { answer, clientOf, type Problem, type Schema, type Session } from '../api';
import { Field, fieldErrors, useCodeOptions } from '../form';
import { useI18n } from '../i18n';
import { Busy, caseLink, CaseName, formatInstant, ProblemAlert, problemOf, Section, TableHead, UnitName, unitOptions, UnitsContext, useLoad } from '../ui';

type Entry = Schema<'CircularRegisterEntryDto'>;

const KINDS: readonly Entry['circularKind'][] = ['circular', 'deadline_notice', 'briefing'];
const STATES: readonly Entry['state'][] = ['draft', 'issued', 'withdrawn'];
const DRAFTERS = new Set(['supervisor', 'inspector']);

/** This year in Beijing time, whatever the browser's zone. */
const thisYear = (): string => String(new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear());

/** The register of circulars (通报), deadline notices and briefings (简报): counts by kind, the list, and a draft form for supervisors and inspectors. */
export function CircularsPage({ session }: { session: Session }) {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('circularsTitle')}</h1>
      {DRAFTERS.has(session.role) && <DraftForm session={session} />}
      <Counts session={session} />
      <Section title={t('circularsList')} id="circulars">
        <Register session={session} />
      </Section>
    </>
  );
}

function DraftForm({ session }: { session: Session }) {
  const { t, lang } = useI18n();
  const options = useCodeOptions();
  const units = useContext(UnitsContext);
  const [form, setForm] = useState({ kind: '', title: '', content: '' });
  const [recipients, setRecipients] = useState<string[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [key]: value }));
  const toggle = (unitId: string) => setRecipients((current) => (current.includes(unitId) ? current.filter((id) => id !== unitId) : [...current, unitId]));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      // Sent as filled in (empty fields too): the API names what is missing.
      const drafted = await answer(clientOf(session).POST('/circulars', { body: { ...form, recipientUnitIds: recipients } as Schema<'DraftCircularDto'> }));
      window.location.hash = caseLink('circular', drafted.id);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  const recipientErrors = fieldErrors(problem, 'recipientUnitIds');
  return (
    <form onSubmit={submit} noValidate className="panel" aria-labelledby="draft-circular">
      <h2 id="draft-circular">{t('draftCircular')}</h2>
      <ProblemAlert problem={problem} />
      <div className="grid">
        <Field label={t('circularKind')} name="kind" problem={problem} value={form.kind} onChange={set('kind')} options={options(KINDS)} required />
        <Field label={t('circularTitle')} name="title" problem={problem} value={form.title} onChange={set('title')} required />
      </div>
      <Field label={t('circularContent')} name="content" problem={problem} value={form.content} onChange={set('content')} multiline required />
      <fieldset className="recipients" aria-invalid={recipientErrors.length > 0}>
        <legend>{t('recipientUnits')} *</legend>
        {unitOptions(units, lang).map((unit) => (
          <label key={unit.value} className="checkbox">
            <input type="checkbox" name="recipientUnitIds" value={unit.value} checked={recipients.includes(unit.value)} onChange={() => toggle(unit.value)} />
            {unit.label}
          </label>
        ))}
        {recipientErrors.length > 0 && (
          <ul className="field-errors">
            {recipientErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </fieldset>
      <button type="submit" className="primary" disabled={busy}>
        {t('submit')}
      </button>
      {busy && <Busy label={t('working')} />}
    </form>
  );
}

/** GET /circulars/counts for a period: what was issued, by kind. */
function Counts({ session }: { session: Session }) {
  const { t, pick } = useI18n();
  const [period, setPeriod] = useState(thisYear);
  const [asked, setAsked] = useState(period);
  const counts = useLoad(async () => (await answer(clientOf(session).GET('/circulars/counts', { params: { query: { period: asked } } }))).counts, [asked]);
  const search = (event: FormEvent) => {
    event.preventDefault();
    setAsked(period.trim());
  };
  return (
    <Section title={t('circularCounts')} id="circular-counts">
      <form onSubmit={search} noValidate className="filters" aria-label={t('circularCounts')}>
        <Field label={t('circularPeriod')} name="period" problem={counts.problem} value={period} onChange={setPeriod} placeholder="2026-Q3" />
        <button type="submit">{t('search')}</button>
      </form>
      <ProblemAlert problem={counts.problem} />
      {counts.data && (
        <dl className="summary" data-testid="circular-counts">
          {counts.data.map((row) => (
            <div key={row.kind}>
              <dt>{pick(row.label)}</dt>
              <dd>{row.count}</dd>
            </div>
          ))}
        </dl>
      )}
    </Section>
  );
}

const EMPTY_FILTERS = { kind: '', state: '', period: '' };
type Filters = typeof EMPTY_FILTERS;

function Register({ session }: { session: Session }) {
  const { t, code } = useI18n();
  const options = useCodeOptions();
  const [draft, setDraft] = useState<Filters>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const list = useLoad(async () => {
    const query = {
      kind: optional(filters.kind) as Entry['circularKind'] | undefined,
      state: optional(filters.state) as Entry['state'] | undefined,
      period: optional(filters.period),
    };
    return (await answer(clientOf(session).GET('/circulars', { params: { query } }))).items;
  }, [filters]);
  const set = (key: keyof Filters) => (value: string) => setDraft((current) => ({ ...current, [key]: value }));
  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  return (
    <>
      <form onSubmit={search} noValidate aria-label={t('circularFilters')} className="filters">
        <div className="grid">
          <Field label={t('circularKind')} name="kind" problem={list.problem} value={draft.kind} onChange={set('kind')} options={options(KINDS)} />
          <Field label={t('state')} name="state" problem={list.problem} value={draft.state} onChange={set('state')} options={options(STATES)} />
          <Field label={t('circularPeriod')} name="period" problem={list.problem} value={draft.period} onChange={set('period')} placeholder="2026-Q3" />
        </div>
        <button type="submit">{t('search')}</button>
      </form>
      {list.loading && <Busy />}
      <ProblemAlert problem={list.problem} />
      {list.data && list.data.length === 0 && <p className="empty">{t('empty')}</p>}
      {list.data && list.data.length > 0 && (
        <table className="cases circulars">
          <caption className="visually-hidden">{t('circularsList')}</caption>
          <TableHead columns={[t('caseNumber'), t('circularKind'), t('circularTitle'), t('unit'), t('receipts'), t('state'), t('issuedAt')]} />
          <tbody>
            {list.data.map((entry) => (
              <tr key={entry.id}>
                <td>
                  {/* A finding's deadline notice is a fact of the finding: it opens there. */}
                  <a href={entry.findingId ? caseLink('finding', entry.findingId) : caseLink('circular', entry.id)} aria-label={`${t('open')} ${entry.number ?? entry.id}`}>
                    <CaseName number={entry.number} id={entry.id} />
                  </a>
                  {entry.findingId && <small> · {t('onFinding')}</small>}
                </td>
                <td>{code(entry.circularKind)}</td>
                <td>{entry.title}</td>
                <td>
                  <UnitName id={entry.unitId} />
                </td>
                <td data-testid="circular-receipts">{entry.findingId ? '—' : `${entry.acknowledgedUnitIds.length} / ${entry.recipientUnitIds.length}`}</td>
                <td>{code(entry.state)}</td>
                <td>{formatInstant(entry.issuedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
