import { useState, type FormEvent } from 'react';
import { answer, clientOf, ifMatch, type PostRoute, type Problem, type Session } from '../api';
import { Field, useCodeOptions } from '../form';
import { parseBankTime } from '../bank-time';
import { useI18n, type Translator } from '../i18n';
import { Busy, ProblemAlert, problemOf, useStaffSuggestions } from '../ui';

export type CaseKind = 'complaint' | 'finding' | 'inspection' | 'violation' | 'circular';

type Input = {
  name: string;
  label: Parameters<Translator['t']>[0];
  codes?: readonly string[];
  categories?: true;
  units?: true;
  multiline?: true;
  lines?: true;
  boolean?: true;
  instant?: true;
  /** A staff id (工号): the employees of the user's units offered as a picker, typing kept possible. */
  staff?: true;
  /** A whole number (points, fen); what does not parse goes as typed. */
  number?: true;
  /** 时间节点, one a line: "2026-12-20 17:00 采购一米线" (Beijing time, then what is due). */
  milestones?: true;
  optional?: true;
};

interface CommandSpec {
  /** The route in the API's document: a route it no longer has fails the type check. */
  readonly route: PostRoute;
  readonly inputs: readonly Input[];
}

const text = (name: string, label: Input['label'], extra: Partial<Input> = {}): Input => ({ name, label, ...extra });

/** The body each command route takes (the API's DTOs); the statechart decides which are offered. */
const COMMANDS: Record<CaseKind, Record<string, CommandSpec>> = {
  complaint: {
    assign: { route: '/complaints/{id}/assign', inputs: [text('assigneeId', 'assigneeId')] },
    'add-note': { route: '/complaints/{id}/notes', inputs: [text('text', 'text', { multiline: true })] },
    reclassify: {
      route: '/complaints/{id}/reclassify',
      inputs: [
        text('type', 'caseType', { codes: ['complaint', 'investigation', 'suggestion', 'praise'], optional: true }),
        text('category', 'category', { categories: true, optional: true }),
      ],
    },
    escalate: { route: '/complaints/{id}/escalate', inputs: [text('reason', 'reason', { multiline: true })] },
    'hand-over': { route: '/complaints/{id}/hand-over', inputs: [text('managerId', 'managerId'), text('reason', 'reason', { multiline: true, optional: true })] },
    'promise-reply': { route: '/complaints/{id}/promised-reply', inputs: [text('promisedBy', 'promisedBy', { instant: true })] },
    transfer: { route: '/complaints/{id}/transfer', inputs: [text('toUnitId', 'toUnitId'), text('reason', 'reason', { multiline: true })] },
    refer: { route: '/complaints/{id}/refer', inputs: [text('reason', 'reason', { multiline: true })] },
    reply: {
      route: '/complaints/{id}/reply',
      inputs: [
        // Proposed for the owning department to decide on; none for praise and suggestions (the API names the rule).
        text('responsibility', 'responsibility', { codes: ['valid', 'customer'], optional: true }),
        text('channel', 'replyChannel', { codes: ['phone', 'letter', 'sms', 'in_person', 'email', 'comment_book'] }),
        text('text', 'text', { multiline: true }),
      ],
    },
    verify: { route: '/complaints/{id}/verify', inputs: [text('satisfied', 'satisfied', { boolean: true }), text('note', 'note', { multiline: true, optional: true })] },
    'record-contact-attempt': {
      route: '/complaints/{id}/contact-attempts',
      inputs: [
        text('attemptedAt', 'attemptedAt', { instant: true }),
        text('channel', 'contactChannel', { codes: ['phone', 'letter', 'sms', 'in_person', 'email'] }),
        text('reached', 'reached', { boolean: true }),
        text('note', 'note', { multiline: true, optional: true }),
      ],
    },
    'record-unreachable': { route: '/complaints/{id}/unreachable', inputs: [text('note', 'note', { multiline: true, optional: true })] },
    'request-decision-maintained': { route: '/complaints/{id}/decision-maintenance-request', inputs: [text('note', 'note', { multiline: true })] },
    'maintain-decision': { route: '/complaints/{id}/decision-maintained', inputs: [text('note', 'note', { multiline: true })] },
    'refuse-decision-maintained': { route: '/complaints/{id}/decision-maintenance-refusal', inputs: [text('reason', 'reason', { multiline: true })] },
    'decide-responsibility': {
      route: '/complaints/{id}/responsibility-decision',
      inputs: [
        text('responsibility', 'decidedResponsibility', { codes: ['valid', 'customer'] }),
        text('reason', 'reason', { multiline: true, optional: true }),
        text('responsibleUnitId', 'responsibleUnitId', { units: true, optional: true }),
        text('responsibleStaffId', 'responsibleStaffId', { staff: true, optional: true }),
        text('complainedStaffId', 'complainedStaffId', { staff: true, optional: true }),
      ],
    },
    close: { route: '/complaints/{id}/close', inputs: [] },
    withdraw: { route: '/complaints/{id}/withdraw', inputs: [text('reason', 'reason', { multiline: true })] },
  },
  finding: {
    plan: {
      route: '/findings/{id}/plan',
      inputs: [
        text('measures', 'measures', { multiline: true, lines: true }),
        text('ownerId', 'ownerId'),
        text('dueAt', 'planDueAt', { instant: true }),
        text('causeAnalysis', 'causeAnalysis', { multiline: true, optional: true }),
        text('milestones', 'milestonesInput', { multiline: true, milestones: true, optional: true }),
      ],
    },
    'record-progress': {
      route: '/findings/{id}/progress',
      inputs: [
        text('milestone', 'milestoneNumber', { number: true }),
        text('note', 'progressNote', { multiline: true }),
        text('completed', 'milestoneCompleted', { boolean: true }),
      ],
    },
    'approve-plan': { route: '/findings/{id}/approve-plan', inputs: [] },
    'reject-plan': { route: '/findings/{id}/reject-plan', inputs: [text('reason', 'reason', { multiline: true })] },
    report: { route: '/findings/{id}/report', inputs: [text('text', 'text', { multiline: true })] },
    verify: {
      route: '/findings/{id}/verify',
      // A carried-over finding gets a new deadline (限期); the API says when it is required.
      inputs: [
        text('passed', 'passed', { boolean: true }),
        text('note', 'note', { multiline: true, optional: true }),
        text('dueAt', 'findingDueAt', { instant: true, optional: true }),
      ],
    },
    escalate: { route: '/findings/{id}/escalate', inputs: [text('reason', 'reason', { multiline: true })] },
    close: { route: '/findings/{id}/close', inputs: [] },
  },
  inspection: {
    'add-finding': {
      route: '/inspections/{id}/findings',
      inputs: [
        text('unitId', 'unitId', { units: true }),
        text('category', 'category', { categories: true }),
        text('description', 'findingDescription', { multiline: true }),
        text('severity', 'severity', { codes: ['minor', 'major'] }),
        text('mode', 'mode', { codes: ['on_spot', 'deadline'] }),
        // Required for mode deadline, refused on the spot: the API names it.
        text('dueAt', 'findingDueAt', { instant: true, optional: true }),
        text('staffId', 'staffId', { staff: true, optional: true }),
        // 举一反三: a linked finding at each unit below the one above, which becomes their parent.
        text('unitIds', 'childUnitIds', { multiline: true, lines: true, optional: true }),
        text('repeats', 'repeatsFinding', { optional: true }),
      ],
    },
    report: { route: '/inspections/{id}/report', inputs: [text('report', 'selfInspectionReport', { multiline: true })] },
    close: { route: '/inspections/{id}/close', inputs: [text('summary', 'inspectionSummary', { multiline: true, optional: true })] },
  },
  violation: {
    'decide-penalty': {
      route: '/violations/{id}/penalty',
      inputs: [
        text('points', 'penaltyPoints', { number: true, optional: true }),
        text('amountFen', 'amountFen', { number: true, optional: true }),
        text('reason', 'reason', { multiline: true }),
      ],
    },
    appeal: { route: '/violations/{id}/appeal', inputs: [text('grounds', 'appealGrounds', { multiline: true })] },
    'decide-appeal': {
      route: '/violations/{id}/appeal-decision',
      inputs: [
        text('outcome', 'appealOutcome', { codes: ['upheld', 'changed', 'annulled'] }),
        // The new penalty, for outcome changed only: the API names a misplaced one.
        text('points', 'penaltyPoints', { number: true, optional: true }),
        text('amountFen', 'amountFen', { number: true, optional: true }),
        text('reason', 'reason', { multiline: true }),
      ],
    },
  },

  circular: {
    edit: {
      route: '/circulars/{id}/edit',
      inputs: [text('title', 'circularTitle', { optional: true }), text('content', 'circularContent', { multiline: true, optional: true })],
    },
    issue: { route: '/circulars/{id}/issue', inputs: [] },
    acknowledge: { route: '/circulars/{id}/acknowledge', inputs: [] },
    withdraw: { route: '/circulars/{id}/withdraw', inputs: [text('reason', 'reason', { multiline: true })] },
  },
};

/** Milestone lines as the plan takes them: the date (and time) first, in Beijing time; what does not parse goes as typed, for the API to name. */
function milestonesOf(value: string): { text: string; dueAt: string }[] {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [, when = '', text = ''] = /^(\d{4}-\d{1,2}-\d{1,2}(?: \d{1,2}:\d{2})?)\s+(.*)$/.exec(line) ?? [];
      return { text: when === '' ? line : text, dueAt: when === '' ? '' : (parseBankTime(when) ?? when) };
    });
}

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
    else if (input.milestones) body[input.name] = milestonesOf(value);
    // Typed in Beijing time; what does not parse goes as typed, for the API to name the field.
    else if (input.instant) body[input.name] = parseBankTime(value) ?? value;
    else if (input.number) body[input.name] = /^\d+$/.test(value.trim()) ? Number(value.trim()) : value;
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
  readonly units: readonly { value: string; label: string }[];
  onDone: () => void;
}

/** One button per command the statechart allows now; each opens the small form its route needs. */
export function CaseActions({ session, kind, id, revision, allowed, categories, units, onDone }: ActionsProps) {
  const { t, code } = useI18n();
  const options = useCodeOptions();
  const staff = useStaffSuggestions(session);
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
      // One route of a union: the body is checked by the API (its problem+json names the field), not here.
      const init = { params: { path: { id }, header: ifMatch(revision) }, body: bodyOf(spec.inputs, values) } as never;
      await answer(clientOf(session).POST(spec.route, init));
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
              type="text"
              placeholder={input.instant ? '2026-12-04 17:00' : undefined}
              suggestions={input.staff ? staff : undefined}
              required={!input.optional}
              options={
                input.boolean
                  ? [
                      { value: 'true', label: t('yes') },
                      { value: 'false', label: t('no') },
                    ]
                  : input.categories
                    ? categories
                    : input.units
                      ? units
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
