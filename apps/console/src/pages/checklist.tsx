import { useState, type FormEvent } from 'react';
import { answer, clientOf, type Problem, type Schema, type Session } from '../api';
import { parseBankTime } from '../bank-time';
import { Field } from '../form';
import { useI18n } from '../i18n';
import { Busy, caseLink, ProblemAlert, problemOf, TableHead } from '../ui';
import type { CaseView } from './case-reads';

/** An inspection's checklist, item by item with the result recorded for it, and the score so far. */
export function ChecklistResults({ view }: { view: CaseView }) {
  const { t, code } = useI18n();
  const { checklist, score } = view;
  if (!checklist) return <p className="empty">{t('noChecklist')}</p>;
  const results = new Map((view.results ?? []).map((result) => [result.itemId, result]));
  return (
    <>
      <p>
        {checklist.name} · v{checklist.version}
      </p>
      {score && (
        <p className="score" data-testid="inspection-score">
          {t('score')}: <strong>{score.percent === null ? '—' : `${score.percent}%`}</strong>（{score.earned} / {score.possible}，{t('itemsRecorded')} {score.recorded} /{' '}
          {score.total}）
        </p>
      )}
      {checklist.sections.map((section) => (
        <table key={section.id} className="checklist">
          <caption>{section.title}</caption>
          <TableHead columns={[t('checklistItem'), t('points'), t('outcome'), t('deducted'), t('note')]} />
          <tbody>
            {section.items.map((item) => {
              const result = results.get(item.id);
              return (
                <tr key={item.id} data-outcome={result?.outcome}>
                  <td>{item.text}</td>
                  <td>{item.points}</td>
                  <td>
                    {result ? code(result.outcome) : t('notRecorded')}
                    {result?.findingId && (
                      <>
                        {' '}
                        <a href={caseLink('finding', result.findingId)}>{code('finding')}</a>
                      </>
                    )}
                  </td>
                  <td>{result && result.deducted > 0 ? result.deducted : ''}</td>
                  <td>{result?.note ?? ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ))}
    </>
  );
}

/** The item results recorded so far, as the evidence form offers them (an inspection's files may document one). */
export function recordedItems(view: CaseView): { value: string; label: string }[] {
  const items = new Map((view.checklist?.sections ?? []).flatMap((section) => section.items).map((item) => [item.id, item.text]));
  return (view.results ?? []).map((result) => ({ value: result.itemId, label: items.get(result.itemId) ?? result.itemId }));
}

type ItemEntry = { outcome: string; deducted: string; note: string; dueAt: string };
const NO_ENTRY: ItemEntry = { outcome: '', deducted: '', note: '', dueAt: '' };

interface RecordResultsProps {
  readonly session: Session;
  readonly id: string;
  readonly view: CaseView;
  onDone: () => void;
}

/** 逐项检查记录: a result for each item not recorded yet; the items left blank stay for a later visit. */
export function RecordResultsForm({ session, id, view, onDone }: RecordResultsProps) {
  const { t } = useI18n();
  const [entries, setEntries] = useState<Record<string, ItemEntry>>({});
  // The item ids in the order the last request sent them: the API names a field by its index there (results[2].dueAt).
  const [sent, setSent] = useState<string[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const recorded = new Set((view.results ?? []).map((result) => result.itemId));
  const sections = (view.checklist?.sections ?? [])
    .map((section) => ({ ...section, items: section.items.filter((item) => !recorded.has(item.id)) }))
    .filter((section) => section.items.length > 0);
  if (sections.length === 0) return null;
  const outcomes = [
    { value: 'pass', label: t('outcomePass') },
    { value: 'fail', label: t('outcomeFail') },
    { value: 'not_applicable', label: t('outcomeNotApplicable') },
  ];
  const set = (itemId: string, key: keyof ItemEntry) => (value: string) => setEntries((current) => ({ ...current, [itemId]: { ...(current[itemId] ?? NO_ENTRY), [key]: value } }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const chosen = sections.flatMap((section) => section.items).filter((item) => entries[item.id]?.outcome);
    setBusy(true);
    setProblem(null);
    setSent(chosen.map((item) => item.id));
    try {
      // Typed values go as typed when they do not parse: the API names the field and the rule.
      const results = chosen.map((item) => {
        const entry = entries[item.id];
        const failed = entry.outcome === 'fail';
        const deducted = entry.deducted.trim();
        return {
          itemId: item.id,
          outcome: entry.outcome,
          ...(failed && deducted && { deducted: /^\d+$/.test(deducted) ? Number(deducted) : deducted }),
          ...(entry.note.trim() && { note: entry.note }),
          ...(failed && item.raisesFinding && entry.dueAt.trim() && { dueAt: parseBankTime(entry.dueAt) ?? entry.dueAt }),
        };
      });
      const body = { results } as Schema<'RecordItemResultsDto'>;
      await answer(clientOf(session).POST('/inspections/{id}/results', { params: { path: { id } }, body }));
      setEntries({});
      setSent([]);
      onDone();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="command-form record-results" aria-labelledby="record-results-heading">
      <h3 id="record-results-heading">{t('recordResults')}</h3>
      <p className="hint">{t('recordResultsHint')}</p>
      <ProblemAlert problem={problem} />
      {sections.map((section) => (
        <fieldset key={section.id}>
          <legend>{section.title}</legend>
          {section.items.map((item) => {
            const entry = entries[item.id] ?? NO_ENTRY;
            const index = sent.indexOf(item.id);
            const field = (name: string) => (index < 0 ? `unsent.${item.id}.${name}` : `results[${index}].${name}`);
            return (
              <fieldset key={item.id} className="checklist-item">
                <legend>
                  {item.text}（{item.points}）
                </legend>
                <div className="grid">
                  <Field label={t('outcome')} name={field('outcome')} problem={problem} value={entry.outcome} onChange={set(item.id, 'outcome')} options={outcomes} />
                  {entry.outcome === 'fail' && (
                    <Field
                      label={`${t('deducted')}（1–${item.points}）`}
                      name={field('deducted')}
                      problem={problem}
                      value={entry.deducted}
                      onChange={set(item.id, 'deducted')}
                      type="number"
                    />
                  )}
                  {entry.outcome === 'fail' && item.raisesFinding && (
                    <Field
                      label={t('findingDueAt')}
                      name={field('dueAt')}
                      problem={problem}
                      value={entry.dueAt}
                      onChange={set(item.id, 'dueAt')}
                      placeholder="2026-12-04 17:00"
                      required
                    />
                  )}
                </div>
                <Field label={t('note')} name={field('note')} problem={problem} value={entry.note} onChange={set(item.id, 'note')} />
              </fieldset>
            );
          })}
        </fieldset>
      ))}
      <button type="submit" className="primary" disabled={busy}>
        {t('submit')} · {t('recordResults')}
      </button>
      {busy && <Busy label={t('working')} />}
    </form>
  );
}
