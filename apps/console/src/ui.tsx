import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { answer, ApiError, clientOf, saveFile, type Problem, type Schema, type Session } from './api';
import { formatDuration, remainingNow, urgencyOf } from './countdown';
export { formatInstant } from './bank-time';
import { useI18n } from './i18n';

export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return { status: 0, title: 'Network error', detail: error instanceof Error ? error.message : String(error) };
}

/** The API's problem+json in plain words: its detail, then each bad field with the rule it broke. */
export function ProblemAlert({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  return (
    <div role="alert" className="problem">
      <strong>
        {problem.title ?? 'Error'}
        {problem.status ? ` (${problem.status})` : ''}
      </strong>
      {problem.errors?.length ? (
        <ul>
          {problem.errors.map((error) => (
            <li key={`${error.field}-${error.rule}`}>{error.message}</li>
          ))}
        </ul>
      ) : (
        <p>{problem.detail}</p>
      )}
    </div>
  );
}

export function Busy({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p role="status" className="busy">
      <span className="spinner" aria-hidden="true" /> {label ?? t('loading')}
    </p>
  );
}

export interface Loaded<T> {
  readonly data: T | null;
  readonly problem: Problem | null;
  readonly loading: boolean;
  reload: () => void;
}

/** Loads from the API when a dependency changes, keeping the last answer while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    load().then(
      (value) => current && (setData(value), setProblem(null), setLoading(false)),
      (error: unknown) => current && (setProblem(problemOf(error)), setLoading(false)),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, problem, loading, reload };
}

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  const headingId = `${id ?? title}-heading`.replace(/\s+/g, '-');
  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * A second-by-second countdown from what the API measured; the colour says how close the deadline
 * is for this clock (amber once it has used most of its own length), and an overdue clock says how late.
 */
export function Countdown({ remainingMs, measuredAt, running = true, lengthMs }: { remainingMs: number; measuredAt: number; running?: boolean; lengthMs: number }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [running]);
  const left = remainingNow(remainingMs, measuredAt, now, running);
  const urgency = urgencyOf(left, lengthMs);
  const text = formatDuration(left, { days: t('days'), hours: t('hours'), minutes: t('minutes'), seconds: t('seconds') });
  return (
    <span className={`countdown ${urgency}`} data-urgency={urgency}>
      {urgency === 'overdue' ? `${t('lateBy')} ${text}` : text}
    </span>
  );
}

type OrgUnit = Schema<'OrgUnitDto'>;
const unitLists = new WeakMap<Session, Promise<OrgUnit[]>>();

/** The units in the user's area (GET /organisation/units), read once a session. */
export function unitsOf(session: Session): Promise<OrgUnit[]> {
  let units = unitLists.get(session);
  if (!units) {
    units = answer(clientOf(session).GET('/organisation/units'));
    unitLists.set(session, units);
  }
  return units;
}

export function useUnits(session: Session): readonly OrgUnit[] {
  return useLoad(() => unitsOf(session), [session]).data ?? [];
}

type StaffMember = Schema<'EmployeeDto'>;
const staffLists = new WeakMap<Session, Promise<StaffMember[]>>();

/** The employees of the user's units (GET /organisation/staff), read once a session; names masked for roles that may not know them. */
export function staffOf(session: Session): Promise<StaffMember[]> {
  let staff = staffLists.get(session);
  if (!staff) {
    staff = answer(clientOf(session).GET('/organisation/staff')).then((list) => list.items);
    staffLists.set(session, staff);
  }
  return staff;
}

/** Staff ids for a staff-id input to suggest, each with name and position; typing another stays possible. */
export function useStaffSuggestions(session: Session): readonly { value: string; label: string }[] {
  const staff = useLoad(() => staffOf(session), [session]).data ?? [];
  return staff.map((member) => ({ value: member.staffId, label: `${member.name ?? '—'} · ${member.position ?? ''}` }));
}

/** The units of the signed-in user's area (app.tsx provides them), for names deep in a page. */
export const UnitsContext = createContext<readonly OrgUnit[]>([]);

/** A unit by its name, the code on hover; a unit outside the user's area (a case escalated above it) by its code. */
export function UnitName({ id }: { id: string | null | undefined }) {
  const { lang } = useI18n();
  const units = useContext(UnitsContext);
  if (!id) return <>—</>;
  const unit = units.find((candidate) => candidate.id === id);
  return (
    <span title={id} data-testid="unit-name">
      {unit ? (lang === 'en' ? unit.nameEn : unit.name) : id}
    </span>
  );
}

/** Units as options of a picker, indented under their parents. */
export function unitOptions(units: readonly OrgUnit[], lang: string): { value: string; label: string }[] {
  const depth = (unit: OrgUnit): number => {
    const parent = units.find((candidate) => candidate.id === unit.parentId);
    return parent ? depth(parent) + 1 : 0;
  };
  return units.map((unit) => ({ value: unit.id, label: `${'\u3000'.repeat(depth(unit))}${lang === 'en' ? unit.nameEn : unit.name}` }));
}

/** Fetches a file with the bearer token and saves it. */
export function DownloadButton({ load, filename, children }: { load: () => Promise<Blob>; filename: string; children: ReactNode }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const start = async () => {
    setBusy(true);
    setProblem(null);
    try {
      saveFile(await load(), filename);
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="download">
      <button type="button" onClick={start} disabled={busy} aria-busy={busy}>
        {busy ? t('downloading') : children}
      </button>
      <ProblemAlert problem={problem} />
    </span>
  );
}

/**
 * A case as people name it: its number, with the id small beside it (whole on hover); a case
 * registered before numbers existed shows the start of its id alone.
 */
export function CaseName({ number, id }: { number: string | null; id: string }) {
  if (number === null) return <span title={id}>{id.slice(0, 8)}</span>;
  return (
    <>
      <span data-testid="case-number">{number}</span>{' '}
      <small className="case-id" title={id}>
        {id.slice(0, 8)}
      </small>
    </>
  );
}

export const caseLink = (kind: string, id: string): string =>
  `#/${kind === 'finding' ? 'findings' : kind === 'inspection' ? 'inspections' : kind === 'violation' ? 'violations' : kind === 'circular' ? 'circulars' : 'cases'}/${id}`;

export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** 暂定: a due time past the calendar's horizon (statutory holidays assumed, 调休 not yet known), recounted when the next calendar is published. */
export function ProvisionalMark() {
  const { t } = useI18n();
  return (
    <>
      {' '}
      <span className="provisional" title={t('provisionalHint')} data-testid="provisional">
        {t('provisional')}
      </span>
    </>
  );
}
