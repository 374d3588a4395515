import { StreamQueue } from './stream-queue';

/** Work that finishes when the test says so, recording when it started. */
function gate(started: string[], name: string): { work: () => Promise<string>; open: () => void; fail: (error: Error) => void } {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const work = () => {
    started.push(name);
    return new Promise<string>((resolve, reject) => {
      open = () => resolve(name);
      fail = reject;
    });
  };
  return { work, open: () => open(), fail: (error) => fail(error) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamQueue', () => {
  it("runs one stream's work one at a time, in the order given", async () => {
    const queue = new StreamQueue();
    const started: string[] = [];
    const [first, second, third] = ['first', 'second', 'third'].map((name) => gate(started, name));
    const results = [first, second, third].map(({ work }) => queue.run('ticket-1', work));
    await settle();
    expect(started).toEqual(['first']);
    first.open();
    await settle();
    expect(started).toEqual(['first', 'second']);
    second.open();
    await settle();
    third.open();
    await expect(Promise.all(results)).resolves.toEqual(['first', 'second', 'third']);
  });

  it("runs different streams' work independently", async () => {
    const queue = new StreamQueue();
    const started: string[] = [];
    const blocked = gate(started, 'ticket-1 first');
    void queue.run('ticket-1', blocked.work);
    await expect(queue.run('ticket-2', async () => 'ticket-2 done')).resolves.toBe('ticket-2 done');
    expect(started).toEqual(['ticket-1 first']);
    blocked.open();
  });

  it('lets the next work run after a failure, which goes to its own caller only', async () => {
    const queue = new StreamQueue();
    const failing = queue.run('ticket-1', () => Promise.reject(new Error('refused')));
    const next = queue.run('ticket-1', async () => 'ran');
    await expect(failing).rejects.toThrow('refused');
    await expect(next).resolves.toBe('ran');
  });

  it('keeps nothing for a stream once its work has settled', async () => {
    const queue = new StreamQueue();
    const started: string[] = [];
    const pending = gate(started, 'pending');
    const done = Promise.all([
      queue.run('ticket-1', pending.work),
      queue.run('ticket-1', async () => 'then'),
      queue.run('ticket-2', () => Promise.reject(new Error('x'))).catch(() => 'caught'),
    ]);
    await settle();
    expect(queue.busyStreams).toBe(1);
    pending.open();
    await done;
    await settle();
    expect(queue.busyStreams).toBe(0);
  });
});
