import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { forgetSession, SIGNED_OUT, signIn, storedSession, type Problem, type Role, type Session } from './api';
import { Field } from './form';
import { I18n, rememberLang, storedLang, translator, useI18n, type Lang } from './i18n';
import { CasePage } from './pages/case-page';
import { CasesPage } from './pages/cases-page';
import { CalendarHorizonBanner } from './pages/horizon-banner';
import { InspectionsPage } from './pages/inspections-page';
import { CircularsPage } from './pages/circulars-page';
import { BoardsPage, QueuePage } from './pages/queue-page';
import { RegisterPage } from './pages/register-page';
import { ReportsPage } from './pages/reports-page';
import { ServiceFilePage } from './pages/service-file-page';
import { ViolationsPage } from './pages/violations-page';
import { Busy, ProblemAlert, problemOf, UnitsContext, useUnits } from './ui';

type Page = 'queue' | 'register' | 'cases' | 'boards' | 'reports' | 'inspections' | 'violations' | 'circulars';

/** Pages per role, following the API's access policy (a page the role could not use is not offered). */
const PAGES: Record<Role, Page[]> = {
  handler: ['queue', 'register', 'cases', 'violations', 'circulars'],
  unit_head: ['queue', 'boards', 'reports', 'register', 'cases', 'inspections', 'violations', 'circulars'],
  supervisor: ['boards', 'reports', 'queue', 'cases', 'inspections', 'violations', 'circulars'],
  inspector: ['inspections', 'cases', 'violations', 'circulars'],
  auditor: ['cases', 'boards', 'reports', 'violations', 'circulars'],
  admin: ['cases'],
};

const NAV_LABEL = {
  queue: 'navQueue',
  register: 'navRegister',
  cases: 'navCases',
  boards: 'navBoards',
  reports: 'navReports',
  inspections: 'navInspections',
  violations: 'navViolations',
  circulars: 'navCirculars',
} as const;

function useHash(): string {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      onSignedIn(await signIn(username, password));
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="panel sign-in" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">{t('signIn')}</h1>
      <ProblemAlert problem={problem} />
      <Field label={t('username')} name="username" problem={problem} value={username} onChange={setUsername} required />
      <Field label={t('password')} name="password" problem={problem} value={password} onChange={setPassword} type="password" required />
      <button type="submit" className="primary" disabled={busy}>
        {t('signIn')}
      </button>
      {busy && <Busy label={t('working')} />}
    </form>
  );
}

function Routed({ session, hash }: { session: Session; hash: string }) {
  return (
    <UnitsContext.Provider value={useUnits(session)}>
      {session.role === 'admin' && <CalendarHorizonBanner session={session} />}
      <RoutedPage session={session} hash={hash} />
    </UnitsContext.Provider>
  );
}

function RoutedPage({ session, hash }: { session: Session; hash: string }) {
  const pages = PAGES[session.role];
  const [, first, second] = hash.replace(/^#\/?/, '#/').split('/');
  if (first === 'cases' && second) return <CasePage key={second} session={session} kind="complaint" id={second} />;
  if (first === 'findings' && second) return <CasePage key={second} session={session} kind="finding" id={second} />;
  if (first === 'inspections' && second) return <CasePage key={second} session={session} kind="inspection" id={second} />;
  if (first === 'violations' && second) return <CasePage key={second} session={session} kind="violation" id={second} />;
  if (first === 'staff' && second) return <ServiceFilePage key={second} session={session} staffId={second} />;
  if (first === 'circulars' && second) return <CasePage key={second} session={session} kind="circular" id={second} />;
  const page = pages.includes(first as Page) ? (first as Page) : pages[0];
  switch (page) {
    case 'queue':
      return <QueuePage session={session} />;
    case 'register':
      return <RegisterPage session={session} />;
    case 'boards':
      return <BoardsPage session={session} />;
    case 'reports':
      return <ReportsPage session={session} />;
    case 'inspections':
      return <InspectionsPage session={session} />;
    case 'violations':
      return <ViolationsPage session={session} />;
    case 'circulars':
      return <CircularsPage session={session} />;
    default:
      return <CasesPage session={session} />;
  }
}

export function App() {
  const [lang, setLang] = useState<Lang>(storedLang);
  const [session, setSession] = useState<Session | null>(storedSession);
  const hash = useHash();
  const i18n = useMemo(() => translator(lang), [lang]);
  useEffect(() => rememberLang(lang), [lang]);
  useEffect(() => {
    const signedOut = () => setSession(null);
    window.addEventListener(SIGNED_OUT, signedOut);
    return () => window.removeEventListener(SIGNED_OUT, signedOut);
  }, []);
  const { t, code, pick } = i18n;
  const signOut = () => {
    forgetSession();
    setSession(null);
  };
  return (
    <I18n.Provider value={i18n}>
      <a className="skip-link" href="#main">
        {lang === 'en' ? 'Skip to content' : '跳到正文'}
      </a>
      <header className="top">
        <span className="brand">{t('appTitle')}</span>
        {session && (
          <nav aria-label={lang === 'en' ? 'Pages' : '页面'}>
            {PAGES[session.role].map((page) => (
              <a key={page} href={`#/${page}`} aria-current={hash.startsWith(`#/${page}`) ? 'page' : undefined}>
                {t(NAV_LABEL[page])}
              </a>
            ))}
          </nav>
        )}
        <div className="who">
          {session && (
            <span data-testid="who">
              <span className="visually-hidden">{t('user')}: </span>
              <strong>{session.name}</strong> · <span>{code(session.role)}</span> · <span title={session.unitId}>{pick(session.unitName)}</span>
            </span>
          )}
          <button type="button" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} aria-label={t('languageLabel')} lang={lang === 'en' ? 'zh-CN' : 'en'}>
            {t('language')}
          </button>
          {session && (
            <button type="button" onClick={signOut}>
              {t('signOut')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {session ? <Routed session={session} hash={hash} /> : <SignIn onSignedIn={setSession} />}
      </main>
    </I18n.Provider>
  );
}
