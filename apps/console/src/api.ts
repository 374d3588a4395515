/**
 * The console's only door to Duban: the public HTTP API through a client generated from its
 * OpenAPI document (`npm run generate:client` writes `generated/api-schema.d.ts`), so a route,
 * parameter or field the API changes fails the console's type check.
 */
import createClient, { type Client, type ClientPathsWithMethod, type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/api-schema';

/** The API's schemas by name, e.g. `Schema<'ComplaintViewDto'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The roles of the access policy (the document types the field as a string). */
export type Role = 'handler' | 'unit_head' | 'supervisor' | 'inspector' | 'auditor' | 'admin';

export type DubanClient = Client<paths>;
/** A route the API answers POST on, e.g. `/complaints/{id}/notes`. */
export type PostRoute = ClientPathsWithMethod<DubanClient, 'post'>;

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

/** The API speaks the console's language (problem titles, details and field messages). */
const acceptLanguage = (): string => (document.documentElement.lang === 'en' ? 'en' : 'zh-CN');

const anonymous = createClient<paths>({ baseUrl: window.location.origin });

/** What one call answered: its data, or ApiError with the problem+json the API gave. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) {
    const body = typeof error === 'object' && error !== null ? (error as Partial<Problem>) : { title: response.statusText };
    throw new ApiError({ ...body, status: response.status });
  }
  return data as T;
}

export async function signIn(username: string, password: string): Promise<Session> {
  const { accessToken, expiresIn, user } = await answer(anonymous.POST('/auth/token', { body: { username, password }, headers: { 'accept-language': acceptLanguage() } }));
  const session: Session = {
    token: accessToken,
    username: user.username,
    name: user.displayName,
    role: user.role as Role,
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

const clients = new WeakMap<Session, DubanClient>();

/** The signed-in user's client: every request carries the bearer token and the language; a 401 signs out. */
export function clientOf(session: Session): DubanClient {
  const known = clients.get(session);
  if (known) return known;
  const signedIn: Middleware = {
    onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${session.token}`);
      request.headers.set('accept-language', acceptLanguage());
      // Routes that also answer text (the workflow's Mermaid, CSV reports) answer JSON unless a call asks otherwise.
      if (!request.headers.has('accept')) request.headers.set('accept', 'application/json');
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) {
        // The token expired or the user was moved: back to the sign-in form (app.tsx listens).
        forgetSession();
        window.dispatchEvent(new Event(SIGNED_OUT));
      }
      return response;
    },
  };
  const client = createClient<paths>({ baseUrl: window.location.origin });
  client.use(signedIn);
  clients.set(session, client);
  return client;
}

/** The revision the user acted on: a concurrent change is then 412 rather than applied blindly. */
export const ifMatch = (revision: number): { 'If-Match': string } => ({ 'If-Match': `"${revision}"` });

/** Saves a file the API answered (a plain link could not carry the bearer token). */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

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
