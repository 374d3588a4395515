import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GlobalPosition } from '@duban/event-store';

/** The files a projection thread works on: it reads the event store's and owns the writes of the read models'. */
export interface ProjectionThreadSettings {
  readonly eventsFile: string;
  readonly readModelsFile: string;
}

/** The key of the thread's settings in its workerData; its presence tells an entry point that it runs as the thread. */
export const PROJECTION_THREAD = 'dubanProjectionThread';

/** What the thread reports: the position its rows reach (also the answer to a nudge), a page that failed, a stream that does not fold. */
export type ProjectionThreadMessage =
  { readonly applied: string } | { readonly dropped: string; readonly retryInMs: number } | { readonly corruptStream: string; readonly error: string };

export interface ProjectionThreadListener {
  applied(position: GlobalPosition): void;
  dropped(error: unknown, retryInMs: number): void;
  corruptStream(stream: string, error: string): void;
}

/** A thread that ends without being asked is started again after this long. */
const RESTART_MS = 1_000;
/** A thread that has not finished its page and closed its files this long after being asked to stop is ended. */
const STOP_MS = 10_000;

/**
 * The case projection's folding and writing on a thread of its own, so that a request's event loop
 * never waits for them. Run from the TypeScript sources (tests, the launcher), the thread registers
 * the repository's require hook and loads projection-thread.ts; built, the API's bundle is its own
 * entry point and starts the thread when its workerData says so (apps/api/src/main.ts).
 */
export class ProjectionThread {
  private worker: Worker | undefined;
  private restart: NodeJS.Timeout | undefined;
  private stopping = false;
  /** A nudge is on its way or being read; appends meanwhile are told once it is answered. */
  private nudgeUnanswered = false;
  private appendedSinceNudge = false;

  constructor(
    private readonly settings: ProjectionThreadSettings,
    private readonly listener: ProjectionThreadListener,
  ) {}

  start(): void {
    const workerData = { [PROJECTION_THREAD]: this.settings };
    const worker = __filename.endsWith('.ts')
      ? new Worker(
          // The repository's own hook: only sources inside the repository end in .ts.
          `require(${JSON.stringify(resolve(__dirname, '../../../test/support/typescript-require-hook.js'))}).registerTypeScript();
           require(${JSON.stringify(resolve(__dirname, 'projection-thread.ts'))}).runProjectionThread();`,
          { eval: true, workerData },
        )
      : new Worker(process.argv[1], { workerData });
    worker.on('message', (message: ProjectionThreadMessage) => this.receive(message));
    worker.on('error', (error) => this.listener.dropped(error, RESTART_MS));
    worker.on('exit', () => {
      if (this.worker !== worker || this.stopping) return;
      this.worker = undefined;
      this.nudgeUnanswered = false;
      this.restart = setTimeout(() => this.start(), RESTART_MS);
    });
    this.worker = worker;
  }

  /** Tells the thread that events were appended, so it reads them now rather than at its next poll. */
  nudge(): void {
    if (this.nudgeUnanswered) {
      this.appendedSinceNudge = true;
      return;
    }
    this.nudgeUnanswered = this.worker !== undefined;
    this.worker?.postMessage({ nudge: true });
  }

  /** Asks the thread to finish the page it is writing and close its files; resolves once it has ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restart);
    const worker = this.worker;
    this.worker = undefined;
    if (worker === undefined) return;
    const ended = new Promise<void>((resolveEnded) => worker.once('exit', () => resolveEnded()));
    worker.postMessage({ stop: true });
    const overdue = setTimeout(() => void worker.terminate(), STOP_MS);
    await ended;
    clearTimeout(overdue);
  }

  private receive(message: ProjectionThreadMessage): void {
    if ('applied' in message) {
      this.listener.applied(BigInt(message.applied));
      this.nudgeUnanswered = false;
      if (this.appendedSinceNudge) {
        this.appendedSinceNudge = false;
        this.nudge();
      }
    } else if ('dropped' in message) this.listener.dropped(new Error(message.dropped), message.retryInMs);
    else if ('corruptStream' in message) this.listener.corruptStream(message.corruptStream, message.error);
  }
}
