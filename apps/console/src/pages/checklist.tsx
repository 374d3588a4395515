import { useI18n } from '../i18n';
import { caseLink, TableHead } from '../ui';
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
