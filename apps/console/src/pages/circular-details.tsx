import { useI18n } from '../i18n';
import { caseLink, formatInstant, Section, TableHead, UnitName } from '../ui';
import type { CaseView } from './case-reads';

/** A circular's text, the ranking or report it was drafted from, and each recipient unit's read receipt. */
export function CircularDetails({ view }: { view: CaseView }) {
  const { t, code } = useI18n();
  const receipts = view.receipts ?? [];
  const rows = (view.source?.rows ?? []) as Record<string, string | number | boolean | null>[];
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return (
    <>
      <Section title={t('circularContent')} id="circular">
        <p>
          <span className="tag">{code(view.circularKind)}</span> <strong data-testid="circular-title">{view.title}</strong>
        </p>
        <p className="circular-content">{view.content}</p>
        {view.correctsId && (
          <p>
            {t('correctsCircular')}：<a href={caseLink('circular', view.correctsId)}>{view.correctsId.slice(0, 8)}</a>
          </p>
        )}
        {view.source?.reference && (
          <table className="cases">
            <caption>
              {t('circularSource')}：{code(view.source.kind, 'circular')} <code>{view.source.reference}</code>
            </caption>
            <TableHead columns={columns} />
            <tbody>
              {rows.map((row, index) => (
                <tr key={index}>
                  {columns.map((column) => (
                    <td key={column}>{String(row[column] ?? '—')}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t('receipts')} id="receipts">
        <table className="cases" data-testid="receipts">
          <caption className="visually-hidden">{t('receipts')}</caption>
          <TableHead columns={[t('recipientUnits'), t('acknowledgedBy'), t('acknowledgedAt')]} />
          <tbody>
            {(view.recipientUnitIds ?? []).map((unitId) => {
              const receipt = receipts.find((candidate) => candidate.unitId === unitId);
              return (
                <tr key={unitId} data-acknowledged={receipt ? true : undefined}>
                  <td>
                    <UnitName id={unitId} />
                  </td>
                  <td>{receipt ? receipt.actorId : t('awaitingReceipt')}</td>
                  <td>{receipt ? formatInstant(receipt.occurredAt) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {view.issue && (
          <p className="hint">
            {t('issuedAt')} {formatInstant(view.issue.occurredAt)} · {view.issue.actorId}
          </p>
        )}
      </Section>
    </>
  );
}
