import { useState, type FormEvent } from 'react';
import { answer, clientOf, type Session } from '../api';
import { Field, useCodeOptions } from '../form';
import { useI18n } from '../i18n';
import { Section, useLoad } from '../ui';
import { LoadedCases } from './case-table';

/** Every case in the user's units (GET /complaints or /findings), newest first, searched by number or text. */
export function CasesPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const options = useCodeOptions();
  const [draft, setDraft] = useState({ kind: 'complaint', number: '', q: '' });
  const [search, setSearch] = useState(draft);
  const [goTo, setGoTo] = useState('');
  const list = useLoad(async () => {
    const client = clientOf(session);
    const filters = { query: { number: search.number.trim() || undefined, q: search.q || undefined, sort: '-receivedAt', limit: 100 } };
    const page = await answer(search.kind === 'finding' ? client.GET('/findings', { params: filters }) : client.GET('/complaints', { params: filters }));
    return { rows: page.items, at: Date.now() };
  }, [search]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(draft);
  };
  const open = (event: FormEvent) => {
    event.preventDefault();
    const id = goTo.trim();
    if (id) window.location.hash = draft.kind === 'finding' ? `#/findings/${id}` : `#/cases/${id}`;
  };
  return (
    <>
      <h1>{t('casesTitle')}</h1>
      <form onSubmit={submit} className="panel inline" role="search" aria-label={t('search')}>
        <Field
          label={t('kind')}
          name="kind"
          problem={list.problem}
          value={draft.kind}
          onChange={(kind) => setDraft({ ...draft, kind })}
          options={options(['complaint', 'finding'])}
        />
        <Field label={t('caseNumber')} name="number" problem={list.problem} value={draft.number} onChange={(number) => setDraft({ ...draft, number })} type="search" />
        <Field label={t('searchText')} name="q" problem={list.problem} value={draft.q} onChange={(q) => setDraft({ ...draft, q })} type="search" />
        <button type="submit" className="primary">
          {t('search')}
        </button>
      </form>
      <form onSubmit={open} className="panel inline" aria-label={t('goToCase')}>
        <Field label={t('goToCase')} name="id" problem={null} value={goTo} onChange={setGoTo} />
        <button type="submit">{t('open')}</button>
      </form>
      <Section title={t('casesTitle')} id="case-list">
        <LoadedCases list={list} caption={t('casesTitle')} kinds={search.kind === 'finding' ? 'finding' : 'complaint'} />
      </Section>
    </>
  );
}
