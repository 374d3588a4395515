import { useContext, useState, type FormEvent } from 'react';
import { answer, clientOf, type Schema, type Session } from '../api';
import { Field, useCodeOptions } from '../form';
import { useI18n } from '../i18n';
import { Busy, caseLink, CaseName, formatInstant, ProblemAlert, TableHead, UnitName, unitOptions, UnitsContext, useLoad } from '../ui';

type Inspection = Schema<'InspectionListItemDto'>;

export const INSPECTION_KINDS: readonly Inspection['inspectionKind'][] = ['onsite', 'offsite', 'mystery_shopper', 'self', 'thematic'];
const STATES: readonly Inspection['state'][] = ['open', 'reported', 'closed'];

const EMPTY_FILTERS = { unitId: '', kind: '', state: '', period: '', scoreMin: '', scoreMax: '' };
type Filters = typeof EMPTY_FILTERS;

/** The filters as GET /inspections takes them: empty ones left out, the rest as typed (the API names a bad one). */
function queryOf(filters: Filters) {
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const number = (value: string) => (value.trim() === '' ? undefined : Number(value));
  return {
    unitId: optional(filters.unitId),
    kind: optional(filters.kind) as Inspection['inspectionKind'] | undefined,
    state: optional(filters.state) as Inspection['state'] | undefined,
    period: optional(filters.period),
    scoreMin: number(filters.scoreMin),
    scoreMax: number(filters.scoreMax),
  };
}

/** Inspections in the user's units (GET /inspections), newest first, with their checklist score. */
export function InspectionList({ session }: { session: Session }) {
  const { t, code, lang } = useI18n();
  const options = useCodeOptions();
  const units = useContext(UnitsContext);
  const [draft, setDraft] = useState<Filters>(EMPTY_FILTERS);
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const list = useLoad(async () => (await answer(clientOf(session).GET('/inspections', { params: { query: queryOf(filters) } }))).items, [filters]);
  const set = (key: keyof Filters) => (value: string) => setDraft((current) => ({ ...current, [key]: value }));
  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  return (
    <>
      <form onSubmit={search} noValidate aria-label={t('inspectionFilters')} className="filters">
        <div className="grid">
          <Field label={t('unitPicker')} name="unitId" problem={list.problem} value={draft.unitId} onChange={set('unitId')} options={unitOptions(units, lang)} />
          <Field label={t('inspectionKind')} name="kind" problem={list.problem} value={draft.kind} onChange={set('kind')} options={options(INSPECTION_KINDS)} />
          <Field
            label={t('state')}
            name="state"
            problem={list.problem}
            value={draft.state}
            onChange={set('state')}
            options={STATES.map((state) => ({ value: state, label: code(state, 'inspection') }))}
          />
          <Field label={t('inspectionPeriod')} name="period" problem={list.problem} value={draft.period} onChange={set('period')} placeholder="2026-Q3" />
          <Field label={t('scoreMin')} name="scoreMin" problem={list.problem} value={draft.scoreMin} onChange={set('scoreMin')} type="number" />
          <Field label={t('scoreMax')} name="scoreMax" problem={list.problem} value={draft.scoreMax} onChange={set('scoreMax')} type="number" />
        </div>
        <button type="submit">{t('search')}</button>
      </form>
      {list.loading && <Busy />}
      <ProblemAlert problem={list.problem} />
      {list.data && list.data.length === 0 && <p className="empty">{t('empty')}</p>}
      {list.data && list.data.length > 0 && (
        <table className="cases inspections">
          <caption className="visually-hidden">{t('inspectionsList')}</caption>
          <TableHead columns={[t('caseNumber'), t('unit'), t('inspectionKind'), t('score'), t('state'), t('openedAt'), t('closedAt')]} />
          <tbody>
            {list.data.map((inspection) => (
              <tr key={inspection.id}>
                <td>
                  <a href={caseLink('inspection', inspection.id)} aria-label={`${t('open')} ${inspection.number ?? inspection.id}`}>
                    <CaseName number={inspection.number} id={inspection.id} />
                  </a>
                </td>
                <td>
                  <UnitName id={inspection.unitId} />
                </td>
                <td>{code(inspection.inspectionKind)}</td>
                <td data-testid="inspection-score">{inspection.scorePercent === null ? '—' : `${inspection.scorePercent}%`}</td>
                <td>{code(inspection.state, 'inspection')}</td>
                <td>{formatInstant(inspection.createdAt)}</td>
                <td>{formatInstant(inspection.closedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
