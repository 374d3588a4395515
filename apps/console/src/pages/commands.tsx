import { useState, type FormEvent } from 'react';
import { api, type Problem, type Session } from '../api';
import { Field, useCodeOptions } from '../form';
import { useI18n, type Translator } from '../i18n';
import { Busy, ProblemAlert, problemOf } from '../ui';

export type CaseKind = 'complaint' | 'finding' | 'inspection';

export const BASE_PATH: Record<CaseKind, string> = { complaint: 'complaints', finding: 'findings', inspection: 'inspections' };

type Input = {
  name: string;
  label: Parameters<Translator['t']>[0];
  codes?: readonly string[];
  categories?: true;
  multiline?: true;
  lines?: true;
  boolean?: true;
  instant?: true;
  optional?: true;
};

interface CommandSpec {
  readonly path: string;
  readonly inputs: readonly Input[];
}

const text = (name: string, label: Input['label'], extra: Partial<Input> = {}): Input => ({ name, label, ...extra });

/** The body each command route takes (the API's DTOs); the statechart decides which are offered. */
const COMMANDS: Record<CaseKind, Record<string, CommandSpec>> = {
  complaint: {
    assign: { path: 'assign', inputs: [text('assigneeId', 'assigneeId')] },
    'add-note': { path: 'notes', inputs: [text('text', 'text', { multiline: true })] },
    reclassify: {
      path: 'reclassify',
      inputs: [
        text('type', 'caseType', { codes: ['complaint', 'investigation', 'suggestion', 'praise'], optional: true }),
        text('category', 'category', { categories: true, optional: true }),
      ],
    },
    escalate: { path: 'escalate', inputs: [text('reason', 'reason', { multiline: true })] },
    reply: {
      path: 'reply',
      inputs: [
        text('responsibility', 'responsibility', { codes: ['valid', 'customer'] }),
        text('channel', 'replyChannel', { codes: ['phone', 'letter', 'sms', 'in_person', 'email'] }),
        text('text', 'text', { multiline: true }),
      ],
    },
    verify: { path: 'verify', inputs: [text('satisfied', 'satisfied', { boolean: true }), text('note', 'note', { multiline: true, optional: true })] },
    close: { path: 'close', inputs: [] },
    withdraw: { path: 'withdraw', inputs: [text('reason', 'reason', { multiline: true })] },
  },
  finding: {
    plan: {
      path: 'plan',
      inputs: [
        text('measures', 'measures', { multiline: true, lines: true }),
        text('ownerId', 'ownerId'),
        text('dueAt', 'planDueAt', { instant: true }),
        text('causeAnalysis', 'causeAnalysis', { multiline: true, optional: true }),
      ],
    },
    'approve-plan': { path: 'approve-plan', inputs: [] },
    'reject-plan': { path: 'reject-plan', inputs: [text('reason', 'reason', { multiline: true })] },
    report: { path: 'report', inputs: [text('text', 'text', { multiline: true })] },
    verify: {
      path: 'verify',
      // A carried-over finding gets a new deadline (限期); the API says when it is required.
      inputs: [
        text('passed', 'passed', { boolean: true }),
        text('note', 'note', { multiline: true, optional: true }),
        text('dueAt', 'findingDueAt', { instant: true, optional: true }),
      ],
    },
    escalate: { path: 'escalate', inputs: [text('reason', 'reason', { multiline: true })] },
    close: { path: 'close', inputs: [] },
  },
  inspection: {
    'add-finding': {
      path: 'findings',
      inputs: [
        text('unitId', 'unitId'),
        text('category', 'category', { categories: true }),
        text('description', 'findingDescription', { multiline: true }),
        text('severity', 'severity', { codes: ['minor', 'major'] }),
        text('mode', 'mode', { codes: ['on_spot', 'deadline'] }),
        // Required for mode deadline, refused on the spot: the API names it.
        text('dueAt', 'findingDueAt', { instant: true, optional: true }),
      ],
    },
    close: { path: 'close', inputs: [text('summary', 'inspectionSummary', { multiline: true, optional: true })] },
  },
};

/** What the form holds, as the route's body: empty optional fields left out, lines and booleans and instants converted. */
function bodyOf(inputs: readonly Input[], values: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const input of inputs) {
    const value = values[input.name] ?? '';
    if (value === '' && input.optional) continue;
    if (input.boolean) body[input.name] = value === 'true' ? true : value === 'false' ? false : value;
    else if (input.lines)
      body[input.name] = value
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    else if (input.instant) body[input.name] = value === '' ? value : new Date(value).toISOString();
    else body[input.name] = value;
  }
  return body;
}

interface ActionsProps {
  readonly session: Session;
  readonly kind: CaseKind;
  readonly id: string;
  readonly revision: number;
  readonly allowed: readonly string[];
  readonly categories: readonly { value: string; label: string }[];
  onDone: () => void;
}

/** One button per command the statechart allows now; each opens the small form its route needs. */
export function CaseActions({ session, kind, id, revision, allowed, categories, onDone }: ActionsProps) {
  const { t, code } = useI18n();
  const options = useCodeOptions();
  const [open, setOpen] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const offered = allowed.filter((command) => COMMANDS[kind][command]);
  if (offered.length === 0) return <p>{t('noActions')}</p>;

  const choose = (command: string) => {
    setOpen(command === open ? null : command);
    setValues({});
    setProblem(null);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!open) return;
    const spec = COMMANDS[kind][open];
    setBusy(true);
    setProblem(null);
    try {
      await api(session, `/${BASE_PATH[kind]}/${id}/${spec.path}`, { method: 'POST', body: bodyOf(spec.inputs, values), ifMatch: revision });
      setOpen(null);
      onDone();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  const spec = open ? COMMANDS[kind][open] : null;
  return (
    <div>
      <div className="buttons" role="group" aria-label={t('actions')}>
        {offered.map((command) => (
          <button key={command} type="button" aria-expanded={open === command} onClick={() => choose(command)} className={open === command ? 'primary' : undefined}>
            {code(command, kind)}
          </button>
        ))}
      </div>
      {spec && open && (
        <form onSubmit={submit} noValidate className="command-form" aria-label={code(open, kind)}>
          <ProblemAlert problem={problem} />
          {spec.inputs.map((input) => (
            <Field
              key={input.name}
              name={input.name}
              label={t(input.label)}
              problem={problem}
              value={values[input.name] ?? ''}
              onChange={(value) => setValues((current) => ({ ...current, [input.name]: value }))}
              multiline={input.multiline}
              type={input.instant ? 'datetime-local' : 'text'}
              required={!input.optional}
              options={
                input.boolean
                  ? [
                      { value: 'true', label: t('yes') },
                      { value: 'false', label: t('no') },
                    ]
                  : input.categories
                    ? categories
                    : input.codes
                      ? options(input.codes)
                      : undefined
              }
            />
          ))}
          <div className="buttons">
            <button type="submit" className="primary" disabled={busy}>
              {t('submit')} · {code(open, kind)}
            </button>
            <button type="button" onClick={() => choose(open)}>
              {t('cancel')}
            </button>
          </div>
          {busy && <Busy label={t('working')} />}
        </form>
      )}
    </div>
  );
}
