import { useContext, useState, type FormEvent } from 'react';
import { answer, clientOf, type Problem, type Schema, type Session } from '../api';
import { Field, useCodeOptions } from '../form';
import { useI18n } from '../i18n';
import { Busy, ProblemAlert, problemOf, Section, unitOptions, UnitsContext, useLoad } from '../ui';
import { LoadedCases } from './case-table';
import { INSPECTION_KINDS, InspectionList } from './inspection-list';

/** Inspectors open inspections, unit heads their unit's self-inspection (自查), then add findings on the inspection's page and follow the findings' rectification. */
export function InspectionsPage({ session }: { session: Session }) {
  const { t, lang } = useI18n();
  const options = useCodeOptions();
  const units = useContext(UnitsContext);
  const [form, setForm] = useState({ kind: '', unitId: session.unitId, scope: '', checklistId: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  // The templates to pick from (GET /checklists); typing another id stays possible.
  const checklists = useLoad(async () => (await answer(clientOf(session).GET('/checklists'))).items, []);
  const checklistSuggestions = (checklists.data ?? []).map((checklist) => ({ value: checklist.id, label: `${checklist.name} · v${checklist.version}` }));
  const findings = useLoad(
    async () => ({ rows: (await answer(clientOf(session).GET('/findings', { params: { query: { sort: 'dueAt', limit: 100 } } }))).items, at: Date.now() }),
    [],
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      // The kind goes as chosen (empty too): the API names the field that is missing.
      const { checklistId, ...rest } = form;
      const body = (checklistId.trim() ? { ...rest, checklistId: checklistId.trim() } : rest) as Schema<'OpenInspectionDto'>;
      const opened = await answer(clientOf(session).POST('/inspections', { body }));
      window.location.hash = `#/inspections/${opened.id}`;
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  const set = (key: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [key]: value }));
  return (
    <>
      <h1>{t('inspectionsTitle')}</h1>
      {session.role === 'inspector' || session.role === 'supervisor' || session.role === 'unit_head' ? (
        <form onSubmit={submit} noValidate className="panel" aria-labelledby="open-inspection">
          <h2 id="open-inspection">{t('openInspection')}</h2>
          <ProblemAlert problem={problem} />
          <div className="grid">
            <Field
              label={t('inspectionKind')}
              name="kind"
              problem={problem}
              value={form.kind}
              onChange={set('kind')}
              options={options(session.role === 'unit_head' ? ['self'] : INSPECTION_KINDS)}
              required
            />
            <Field label={t('unitPicker')} name="unitId" problem={problem} value={form.unitId} onChange={set('unitId')} options={unitOptions(units, lang)} required />
          </div>
          <Field label={t('scope')} name="scope" problem={problem} value={form.scope} onChange={set('scope')} multiline required />
          <Field
            label={t('inspectionChecklist')}
            name="checklistId"
            problem={problem}
            value={form.checklistId}
            onChange={set('checklistId')}
            placeholder="counter-service"
            suggestions={checklistSuggestions}
          />
          <button type="submit" className="primary" disabled={busy}>
            {t('submit')}
          </button>
          {busy && <Busy label={t('working')} />}
        </form>
      ) : null}
      <Section title={t('inspectionsList')} id="inspections">
        <InspectionList session={session} />
      </Section>
      <Section title={t('findings')} id="findings">
        <LoadedCases list={findings} caption={t('findings')} kinds="finding" />
      </Section>
    </>
  );
}
