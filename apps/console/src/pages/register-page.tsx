import { useState, type FormEvent } from 'react';
import { api, type Problem, type Session } from '../api';
import { Field, useCodeOptions } from '../form';
import { useI18n } from '../i18n';
import { Busy, ProblemAlert, problemOf, useLoad } from '../ui';

export interface Category {
  readonly id: string;
  readonly label: { zh: string; en: string };
}

const CASE_TYPES = ['complaint', 'investigation', 'suggestion', 'praise'];
const CHANNELS = ['walk_in', 'comment_book', 'letter', 'hotline', 'online'];
const PRIORITIES = ['normal', 'urgent'];

/** 受理: the form posts exactly what it was given, so the API's validation is the one the user reads. */
export function RegisterPage({ session }: { session: Session }) {
  const { t, pick } = useI18n();
  const options = useCodeOptions();
  const categories = useLoad(() => api<Category[]>(session, '/categories'), []);
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
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    const optional = (value: string) => (value === '' ? undefined : value);
    try {
      const created = await api<{ id: string }>(session, '/complaints', {
        method: 'POST',
        body: {
          type: form.type,
          channel: form.channel,
          category: form.category,
          unitId: form.unitId,
          customer: { name: form.name, phone: optional(form.phone), idNumber: optional(form.idNumber) },
          description: form.description,
          priority: form.priority,
        },
      });
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
        <Field label={t('unitId')} {...fieldProps('unitId', 'unitId')} required />
        <Field label={t('customerName')} {...fieldProps('customer.name', 'name')} required />
        <Field label={t('customerPhone')} {...fieldProps('customer.phone', 'phone')} type="tel" />
        <Field label={t('customerIdNumber')} {...fieldProps('customer.idNumber', 'idNumber')} />
        <Field label={t('priority')} {...fieldProps('priority', 'priority')} options={options(PRIORITIES)} />
      </div>
      <Field label={t('description')} {...fieldProps('description', 'description')} multiline required />
      <button type="submit" className="primary" disabled={busy}>
        {t('submit')}
      </button>
      {busy && <Busy label={t('working')} />}
    </form>
  );
}
