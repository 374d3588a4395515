import { useState, type FormEvent } from 'react';
import { answer, clientOf, type Problem, type Schema, type Session } from '../api';
import { Field } from '../form';
import { useI18n } from '../i18n';
import { Busy, caseLink, CaseName, formatInstant, ProblemAlert, problemOf, Section, TableHead, UnitName, useLoad, useStaffSuggestions } from '../ui';
import { EmployeeName, PenaltyText } from './service-file-page';

/** Who may record a violation (the statechart's `record` gate). */
const RECORDERS = new Set(['inspector', 'supervisor', 'unit_head']);

const EMPTY_FORM = { staffId: '', category: '', checklistId: '', itemId: '', description: '' };

/** The violations register (违规服务): the list in the user's units, and the record form for those who record. */
export function ViolationsPage({ session }: { session: Session }) {
  const { t, code, pick } = useI18n();
  const list = useLoad(async () => (await answer(clientOf(session).GET('/violations'))).items, []);
  const categories = useLoad(() => answer(clientOf(session).GET('/categories')), []);
  const staff = useStaffSuggestions(session);
  const [form, setForm] = useState(EMPTY_FORM);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof EMPTY_FORM) => (value: string) => setForm((current) => ({ ...current, [key]: value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      // Empty optional fields are left out; the API names whatever is missing or wrong.
      const body = Object.fromEntries(Object.entries(form).filter(([key, value]) => value.trim() !== '' || key === 'staffId' || key === 'description'));
      const recorded = await answer(clientOf(session).POST('/violations', { body: body as Schema<'RecordViolationDto'> }));
      window.location.hash = caseLink('violation', recorded.id);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  const categoryOptions = (categories.data ?? []).map((category) => ({ value: category.id, label: pick(category.label) }));
  return (
    <>
      <h1>{t('violationsTitle')}</h1>
      {RECORDERS.has(session.role) && (
        <form onSubmit={submit} noValidate className="panel" aria-labelledby="record-violation">
          <h2 id="record-violation">{t('recordViolation')}</h2>
          <ProblemAlert problem={problem} />
          <div className="grid">
            <Field label={t('staffId')} name="staffId" problem={problem} value={form.staffId} onChange={set('staffId')} placeholder="E10001" suggestions={staff} required />
            <Field label={t('category')} name="category" problem={problem} value={form.category} onChange={set('category')} options={categoryOptions} />
            <Field label={t('checklistId')} name="checklistId" problem={problem} value={form.checklistId} onChange={set('checklistId')} placeholder="counter-service" />
            <Field label={t('itemId')} name="itemId" problem={problem} value={form.itemId} onChange={set('itemId')} />
          </div>
          <Field label={t('violationDescription')} name="description" problem={problem} value={form.description} onChange={set('description')} multiline required />
          <button type="submit" className="primary" disabled={busy}>
            {t('submit')}
          </button>
          {busy && <Busy label={t('working')} />}
        </form>
      )}
      <Section title={t('violationsList')} id="violations">
        {list.loading && <Busy />}
        <ProblemAlert problem={list.problem} />
        {list.data && list.data.length === 0 && <p className="empty">{t('empty')}</p>}
        {list.data && list.data.length > 0 && (
          <table className="cases violations">
            <caption className="visually-hidden">{t('violationsList')}</caption>
            <TableHead columns={[t('caseNumber'), t('employee'), t('unit'), t('violationDescription'), t('penalty'), t('state'), t('recordedAt')]} />
            <tbody>
              {list.data.map((violation) => (
                <tr key={violation.id}>
                  <td>
                    <a href={caseLink('violation', violation.id)} aria-label={`${t('open')} ${violation.number ?? violation.id}`}>
                      <CaseName number={violation.number} id={violation.id} />
                    </a>
                  </td>
                  <td>
                    <EmployeeName employee={violation.employee} role={session.role} />
                  </td>
                  <td>
                    <UnitName id={violation.unitId} />
                  </td>
                  <td>{violation.description}</td>
                  <td>
                    <PenaltyText penalty={violation.penalty} />
                  </td>
                  <td>
                    {code(violation.state, 'violation')}
                    {violation.appealed && violation.state !== 'appealed' ? ` · ${t('appealed')}` : ''}
                  </td>
                  <td>{formatInstant(violation.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
