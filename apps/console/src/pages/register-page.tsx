import { useContext, useId, useState, type FormEvent } from 'react';
import { answer, clientOf, type Problem, type Schema, type Session } from '../api';
import { parseBankTime } from '../bank-time';
import { Field, useCodeOptions } from '../form';
import { useI18n } from '../i18n';
import { Busy, ProblemAlert, problemOf, unitOptions, UnitsContext, useLoad } from '../ui';

type Registration = Schema<'RegisterComplaintDto'>;

const CASE_TYPES = ['complaint', 'investigation', 'suggestion', 'praise'];
const CHANNELS = ['walk_in', 'comment_book', 'letter', 'hotline', 'online'];
const PRIORITIES = ['normal', 'urgent'];
const RESPONSIBILITIES = ['valid', 'customer'];
const REPLY_CHANNELS = ['phone', 'letter', 'sms', 'in_person', 'email'];

/**
 * 受理: the form posts what it was given (a date typed in Beijing time becomes an instant), so the
 * API's validation, in the console's language, is the one the user reads.
 */
export function RegisterPage({ session }: { session: Session }) {
  const { t, pick, lang } = useI18n();
  const options = useCodeOptions();
  const onSpotId = useId();
  const units = useContext(UnitsContext);
  const categories = useLoad(() => answer(clientOf(session).GET('/categories')), []);
  const [form, setForm] = useState({
    type: 'complaint',
    channel: '',
    category: '',
    unitId: session.unitId,
    name: '',
    phone: '',
    idNumber: '',
    description: '',
    priority: 'normal',
    receivedAt: '',
    responsibility: '',
    replyChannel: '',
    replyText: '',
  });
  const [onSpot, setOnSpot] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const optional = (value: string) => (value === '' ? undefined : value);
    const typedReceivedAt = form.receivedAt.trim();
    // Enumerations go as chosen (empty too): the API names the field that is missing.
    const body = {
      type: form.type,
      channel: form.channel,
      category: form.category,
      unitId: form.unitId,
      customer: { name: form.name, phone: optional(form.phone), idNumber: optional(form.idNumber) },
      description: form.description,
      priority: form.priority,
      receivedAt: typedReceivedAt === '' ? undefined : (parseBankTime(typedReceivedAt) ?? typedReceivedAt),
      resolvedOnSpot: onSpot ? { reply: { responsibility: form.responsibility, channel: form.replyChannel, text: form.replyText } } : undefined,
    } as Registration;
    try {
      const created = await answer(clientOf(session).POST('/complaints', { body }));
      window.location.hash = `#/cases/${created.id}`;
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const fieldProps = (name: string, key: keyof typeof form) => ({ name, problem, value: form[key], onChange: set(key) });
  return (
    <form onSubmit={submit} noValidate className="panel" aria-labelledby="register-heading">
      <h1 id="register-heading">{t('registerTitle')}</h1>
      {problem && <p className="fix">{t('fixErrors')}</p>}
      <ProblemAlert problem={problem} />
      <div className="grid">
        <Field label={t('caseType')} {...fieldProps('type', 'type')} options={options(CASE_TYPES)} required />
        <Field label={t('channel')} {...fieldProps('channel', 'channel')} options={options(CHANNELS)} required />
        <Field
          label={t('category')}
          {...fieldProps('category', 'category')}
          options={(categories.data ?? []).map((category) => ({ value: category.id, label: pick(category.label) }))}
          required
        />
        <Field label={t('unitPicker')} {...fieldProps('unitId', 'unitId')} options={unitOptions(units, lang)} required />
        <Field label={t('receivedAtInput')} {...fieldProps('receivedAt', 'receivedAt')} placeholder="2026-12-04 09:30" />
        <Field label={t('customerName')} {...fieldProps('customer.name', 'name')} required />
        <Field label={t('customerPhone')} {...fieldProps('customer.phone', 'phone')} type="tel" />
        <Field label={t('customerIdNumber')} {...fieldProps('customer.idNumber', 'idNumber')} />
        <Field label={t('priority')} {...fieldProps('priority', 'priority')} options={options(PRIORITIES)} />
      </div>
      <Field label={t('complaintDescription')} {...fieldProps('description', 'description')} multiline required />
      <div className="field checkbox">
        <input id={onSpotId} type="checkbox" checked={onSpot} onChange={(event) => setOnSpot(event.target.checked)} aria-describedby={`${onSpotId}-hint`} />
        <label htmlFor={onSpotId}>{t('onSpot')}</label>
        <span id={`${onSpotId}-hint`} className="hint">
          {t('onSpotHint')}
        </span>
      </div>
      {onSpot && (
        <fieldset className="grid">
          <legend>{t('onSpot')}</legend>
          <Field label={t('responsibility')} {...fieldProps('resolvedOnSpot.reply.responsibility', 'responsibility')} options={options(RESPONSIBILITIES)} required />
          <Field label={t('replyChannel')} {...fieldProps('resolvedOnSpot.reply.channel', 'replyChannel')} options={options(REPLY_CHANNELS)} required />
          <Field label={t('text')} {...fieldProps('resolvedOnSpot.reply.text', 'replyText')} multiline required />
        </fieldset>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('submit')}
      </button>
      {busy && <Busy label={t('working')} />}
    </form>
  );
}
