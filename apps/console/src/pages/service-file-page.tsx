import { useState, type FormEvent } from 'react';
import { answer, clientOf, type Problem, type Role, type Schema, type Session } from '../api';
import { Field } from '../form';
import { useI18n } from '../i18n';
import { Busy, caseLink, CaseName, formatInstant, ProblemAlert, problemOf, Section, TableHead, UnitName, useLoad } from '../ui';

/** Who may erase an employee's personal data (POST /staff/{staffId}/erasure), as a customer's. */
const ERASER_ROLE: Role = 'admin';

type Penalty = Schema<'PenaltyDto'>;

/** Fen as yuan with two decimals: 20000 → 200.00. */
export const yuan = (fen: number): string => (fen / 100).toFixed(2);

/** A penalty in words: 扣 2 分 · 罚款 200.00 元; a dash when none is in force. */
export function PenaltyText({ penalty }: { penalty: Penalty | null }) {
  const { t } = useI18n();
  if (penalty === null) return <>—</>;
  const parts = [penalty.points === null ? null : `${t('penaltyPoints')} ${penalty.points}`, penalty.amountFen === null ? null : `${t('amountYuan')} ${yuan(penalty.amountFen)}`];
  return <>{parts.filter((part) => part !== null).join(' · ')}</>;
}

/**
 * The employee as the API disclosed them: an erased or masked name says so; whoever may know the
 * employee gets a link to the service file, and an admin one to the page that erases them.
 */
export function EmployeeName({ employee, role }: { employee: Schema<'EmployeeDto'>; role: Role }) {
  const { t } = useI18n();
  if (employee.erased) return <span className="erased">{`${employee.staffId}（${t('employeeErased')}）`}</span>;
  const label = `${employee.name ?? '—'}（${employee.staffId}）`;
  if (employee.masked && role !== ERASER_ROLE) return <span title={t('maskedHint')}>{label}</span>;
  return <a href={`#/staff/${employee.staffId}`}>{label}</a>;
}

/** 服务档案: what the records say of one employee (GET /staff/{staffId}/service-file); a 404 for whoever may not know them. Admins, who may not read it, erase the employee here. */
export function ServiceFilePage({ session, staffId }: { session: Session; staffId: string }) {
  return session.role === ERASER_ROLE ? <EraseEmployeeForm session={session} staffId={staffId} /> : <ServiceFile session={session} staffId={staffId} />;
}

const EMPTY_ERASURE = { reason: '', requestReference: '' };

/** 删除员工个人信息 on a lawful request: the name leaves every record, the files marked as personal data are deleted. */
function EraseEmployeeForm({ session, staffId }: { session: Session; staffId: string }) {
  const { t } = useI18n();
  const [form, setForm] = useState(EMPTY_ERASURE);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [erased, setErased] = useState<Schema<'EmployeeErasureDto'> | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof EMPTY_ERASURE) => (value: string) => setForm((current) => ({ ...current, [key]: value }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      setErased(await answer(clientOf(session).POST('/staff/{staffId}/erasure', { params: { path: { staffId } }, body: form })));
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>
        {t('eraseEmployee')} · {staffId}
      </h1>
      {erased ? (
        <p role="status" data-testid="employee-erased">
          {t('employeeErased')} · {formatInstant(erased.erasedAt)} · {erased.requestReference}
        </p>
      ) : (
        <form onSubmit={submit} noValidate className="panel" aria-labelledby="erase-employee">
          <h2 id="erase-employee">{t('eraseEmployee')}</h2>
          <p>{t('eraseEmployeeHint')}</p>
          <ProblemAlert problem={problem} />
          <Field label={t('erasureReason')} name="reason" problem={problem} value={form.reason} onChange={set('reason')} multiline required />
          <Field
            label={t('erasureRequestReference')}
            name="requestReference"
            problem={problem}
            value={form.requestReference}
            onChange={set('requestReference')}
            placeholder="REQ-2026-0001"
            required
          />
          <button type="submit" className="primary" disabled={busy}>
            {t('eraseEmployee')}
          </button>
          {busy && <Busy label={t('working')} />}
        </form>
      )}
    </>
  );
}

function ServiceFile({ session, staffId }: { session: Session; staffId: string }) {
  const { t, code } = useI18n();
  const file = useLoad(() => answer(clientOf(session).GET('/staff/{staffId}/service-file', { params: { path: { staffId } } })), [staffId]);
  if (!file.data) return file.loading ? <Busy /> : <ProblemAlert problem={file.problem} />;
  const { employee, complaints, findings, violations, totals, repeatOffender } = file.data;
  return (
    <>
      <h1>
        {t('serviceFileOf')} · {employee.name}（{employee.staffId}）
      </h1>
      <dl className="summary">
        <div>
          <dt>{t('position')}</dt>
          <dd>{employee.position}</dd>
        </div>
        <div>
          <dt>{t('unit')}</dt>
          <dd>
            <UnitName id={employee.unitId} />
          </dd>
        </div>
        <div>
          <dt>{t('totals')}</dt>
          <dd data-testid="service-file-totals">
            {t('violationsList')} {totals.violations} · {t('penaltyPoints')} {totals.points} · {t('amountYuan')} {yuan(totals.amountFen)}
          </dd>
        </div>
        <div>
          <dt>{t('repeatOffender')}</dt>
          <dd data-testid="repeat-offender">
            {repeatOffender.flagged ? <strong>{t('repeatOffender')}</strong> : t('notRepeatOffender')} · {t('violationsInWindow')} {repeatOffender.violationsInWindow} ·{' '}
            {t('repeatOffenderRule')} ≥ {repeatOffender.threshold} / {repeatOffender.months} {t('monthsUnit')}
          </dd>
        </div>
      </dl>
      <Section title={t('violationsList')} id="service-file-violations">
        {violations.length === 0 ? (
          <p className="empty">{t('empty')}</p>
        ) : (
          <table className="cases">
            <caption className="visually-hidden">{t('violationsList')}</caption>
            <TableHead columns={[t('caseNumber'), t('violationDescription'), t('penalty'), t('appealOutcome'), t('state'), t('recordedAt')]} />
            <tbody>
              {violations.map((violation) => (
                <tr key={violation.id}>
                  <td>
                    <a href={caseLink('violation', violation.id)}>
                      <CaseName number={violation.number} id={violation.id} />
                    </a>
                  </td>
                  <td>{violation.description}</td>
                  <td>
                    <PenaltyText penalty={violation.penalty} />
                  </td>
                  <td>{violation.appealOutcome === null ? '—' : code(violation.appealOutcome)}</td>
                  <td>{code(violation.state, 'violation')}</td>
                  <td>{formatInstant(violation.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t('complaintsNaming')} id="service-file-complaints">
        {complaints.length === 0 ? (
          <p className="empty">{t('empty')}</p>
        ) : (
          <ul>
            {complaints.map((complaint) => (
              <li key={complaint.id}>
                <a href={caseLink('complaint', complaint.id)}>
                  <CaseName number={complaint.number} id={complaint.id} />
                </a>{' '}
                · {code(complaint.category)} · {complaint.named.map((named) => code(named)).join('、')} · {code(complaint.state, 'complaint')}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t('findingsNaming')} id="service-file-findings">
        {findings.length === 0 ? (
          <p className="empty">{t('empty')}</p>
        ) : (
          <ul>
            {findings.map((finding) => (
              <li key={finding.id}>
                <a href={caseLink('finding', finding.id)}>
                  <CaseName number={finding.number} id={finding.id} />
                </a>{' '}
                · {finding.description} · {code(finding.state, 'finding')}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
