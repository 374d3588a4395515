import { sessionInstant, type SeedStep } from './quarter-plan';

export type RunPlanOptions = {
  readonly baseUrl: string;
  readonly anchor: Date;
  readonly password: string;
  /** Sets the API's clock before each session's requests, so that every event bears the time it happened. */
  readonly moveClockTo: (at: Date) => void;
  /** Requests in flight at once within a session. */
  readonly concurrency?: number;
};

export type RunPlanResult = {
  readonly requests: number;
  /** The ids the answers gave, by the plan's keys (complaint-3, inspection-0-1, complaint-3-finding, …). */
  readonly ids: ReadonlyMap<string, string>;
};

type Answer = { id?: string; linkedFindingIds?: string[] };

/**
 * Sends the plan's requests session by session through the public HTTP API, each with its
 * deterministic Idempotency-Key: a request already answered gets the same answer again and appends
 * nothing, so a run that stopped half-way resumes where it stopped.
 */
export async function runPlan(steps: readonly SeedStep[], options: RunPlanOptions): Promise<RunPlanResult> {
  const { baseUrl, anchor, password, moveClockTo, concurrency = 8 } = options;
  const saved = new Map<string, string>();
  const tokens = new Map<string, Promise<string>>();

  const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}, file?: SeedStep['file']): Promise<unknown> => {
    const url = file ? `${baseUrl}${path}?${new URLSearchParams(file.query).toString()}` : baseUrl + path;
    const response = await fetch(url, {
      method,
      headers: { 'content-type': file?.contentType ?? 'application/json', ...headers },
      body: file ? String(body) : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : null;
  };
  const tokenOf = (username: string): Promise<string> => {
    if (!tokens.has(username))
      tokens.set(
        username,
        send('POST', '/auth/token', { username, password }).then((answer) => (answer as { accessToken: string }).accessToken),
      );
    return tokens.get(username)!;
  };
  const resolvePath = (path: string): string =>
    path.replace(/\{([^}]+)\}/g, (_, key: string) => {
      const id = saved.get(key);
      if (id === undefined) throw new Error(`the seed plan uses ${key} before any request saved it`);
      return id;
    });

  const perform = async (step: SeedStep): Promise<void> => {
    const headers = { authorization: `Bearer ${await tokenOf(step.user)}`, 'idempotency-key': `demo-seed-${step.key}` };
    const answer = (await send('POST', resolvePath(step.path), step.body, headers, step.file)) as Answer;
    if (!step.saves) return;
    const id = step.saves.from === 'id' ? answer.id : answer.linkedFindingIds?.at(-1);
    if (!id) throw new Error(`${step.key}: the answer carries no ${step.saves.from === 'id' ? 'id' : 'linked finding'}`);
    saved.set(step.saves.key, id);
  };

  let index = 0;
  while (index < steps.length) {
    const { session } = steps[index];
    let end = index;
    while (end < steps.length && steps[end].session === session) end += 1;
    const batch = steps.slice(index, end);
    moveClockTo(sessionInstant(anchor, session));
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < batch.length) await perform(batch[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, lane));
    index = end;
  }
  return { requests: steps.length, ids: saved };
}
