import { SHIPPED_SLA_POLICIES, startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { complaintBody, registerComplaint } from '../support/demo-requests';

/** One sample of the exposition text, e.g. `duban_commands_total{aggregate="complaint",…}`; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((candidate) => {
    if (!candidate.startsWith(`${name}{`) && !candidate.startsWith(`${name} `)) return false;
    return wanted.every((label) => candidate.includes(label));
  });
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('GET /metrics (Prometheus)', () => {
  let api: ApiTestApp;
  beforeAll(async () => {
    // Real time: the clocks' jobs are then due in the future, so they wait as delayed jobs.
    api = await startApiTestApp({ slaPolicyFile: SHIPPED_SLA_POLICIES, realTime: true });
  });
  afterAll(() => api.close());

  const scrape = async (): Promise<string> => {
    const response = await api.anonymous().get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text;
  };

  it('counts commands by type and outcome, times them and their appends, and reads queue depths and projection lag', async () => {
    const handler = await api.as('handler.haicheng');
    const before = await scrape();

    const registration = await handler.post('/complaints', complaintBody()).set('Idempotency-Key', 'metrics-key-1').expect(201);
    await handler.post('/complaints', complaintBody()).set('Idempotency-Key', 'metrics-key-1').expect(201);
    const id = registration.body.id as string;
    await handler.post(`/complaints/${id}/verify`, { satisfied: true }).expect(409);
    await handler.post(`/complaints/${id}/notes`, { text: '第一次备注' }).set('If-Match', '"0"').expect(412);
    await registerComplaint(handler);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    const register = { aggregate: 'complaint', command: 'register' };
    expect(delta('duban_commands_total', { ...register, outcome: 'recorded' })).toBe(2);
    expect(delta('duban_commands_total', { ...register, outcome: 'replayed' })).toBe(1);
    expect(delta('duban_commands_total', { aggregate: 'complaint', command: 'verify', outcome: 'refused' })).toBe(1);
    expect(delta('duban_commands_total', { aggregate: 'complaint', command: 'add-note', outcome: 'conflict' })).toBe(1);
    expect(delta('duban_command_duration_seconds_count', register)).toBe(3);
    expect(delta('duban_store_append_duration_seconds_count')).toBeGreaterThanOrEqual(2);
    // The shipped policies start clocks: their breach and warning jobs wait in the deadlines queue.
    expect(sample(after, 'duban_queue_jobs', { queue: 'deadlines', state: 'delayed' })).toBeGreaterThanOrEqual(2);
    expect(after).toMatch(/^duban_projection_lag_events \d+$/m);
    expect(after).toMatch(/^duban_process_resident_memory_bytes \d+/m);
  });

  it('lists the queue backlog on /health/ready', async () => {
    const response = await api.anonymous().get('/health/ready').expect(200);
    expect(response.body.queues.deadlines.delayed).toBeGreaterThanOrEqual(2);
  });
});
