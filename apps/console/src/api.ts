/** The console's only door to Duban: the public HTTP API with the bearer token of POST /auth/token. */

export type Role = 'handler' | 'unit_head' | 'supervisor' | 'inspector' | 'auditor' | 'admin';

export interface Session {
  readonly token: string;
  readonly username: string;
  readonly name: string;
  readonly role: Role;
  readonly unitId: string;
  /** The unit's name in both languages, as the API named it at sign-in. */
  readonly unitName: { readonly zh: string; readonly en: string };
  /** Epoch ms when the token expires. */
  readonly expiresAt: number;
}

/** RFC 9457 problem details as the API answers them; `errors` lists each bad field of a 400. */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly { field: string; rule: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

const SESSION_KEY = 'duban.session';
export const SIGNED_OUT = 'duban:signed-out';

async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body = (await response.json()) as Problem;
    return { ...body, status: response.status };
  }
  return { status: response.status, title: response.statusText };
}

export async function signIn(username: string, password: string): Promise<Session> {
  const response = await fetch('/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new ApiError(await problemOf(response));
  type SignedIn = { username: string; displayName: string; role: Role; unitId: string; unitName: string; unitNameEn: string };
  const { accessToken, expiresIn, user } = (await response.json()) as { accessToken: string; expiresIn: number; user: SignedIn };
  const session: Session = {
    token: accessToken,
    username: user.username,
    name: user.displayName,
    role: user.role,
    unitId: user.unitId,
    unitName: { zh: user.unitName, en: user.unitNameEn },
    expiresAt: Date.now() + expiresIn * 1000,
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

export function storedSession(): Session | null {
  const stored = sessionStorage.getItem(SESSION_KEY);
  if (!stored) return null;
  const session = JSON.parse(stored) as Session;
  // A session stored by an older console lacks the unit's name: sign in again.
  return session.expiresAt > Date.now() && session.unitName !== undefined ? session : null;
}

export function forgetSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST';
  readonly body?: unknown;
  /** The revision the user acted on: a concurrent change is then 412 rather than applied blindly. */
  readonly ifMatch?: number;
}

async function send(session: Session, path: string, options: RequestOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${session.token}`, accept };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (response.status === 401) {
    // The token expired or the user was moved: back to the sign-in form (app.tsx listens).
    forgetSession();
    window.dispatchEvent(new Event(SIGNED_OUT));
  }
  if (!response.ok) throw new ApiError(await problemOf(response));
  return response;
}

export async function api<T>(session: Session, path: string, options: RequestOptions = {}): Promise<T> {
  return (await (await send(session, path, options, 'application/json')).json()) as T;
}

/** Fetches a file with the bearer token (a plain link could not carry it) and saves it. */
export async function download(session: Session, path: string, filename: string): Promise<void> {
  const accept = path.includes('format=csv') ? 'text/csv' : 'application/json';
  const blob = await (await send(session, path, {}, accept)).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export const query = (params: Record<string, string | number | undefined>): string => {
  const entries = Object.entries(params).filter(([, value]) => value !== undefined && value !== '') as [string, string | number][];
  return entries.length ? `?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString()}` : '';
};

/** Maps with at most `limit` requests in flight, so a page of cases does not flood the API. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
