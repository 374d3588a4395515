import { InMemoryEventStore } from '../adapters/in-memory/in-memory-event-store';
import type { AppendOptions, AppendResult, NewEvent } from '../port/event-store.port';

/**
 * An in-memory store that lets a test run something (a competing writer) just before the next
 * append reaches the store, or make the next append to some streams fail as a dying process would.
 */
export class InterceptingStore extends InMemoryEventStore {
  private beforeNextAppend: (() => Promise<void>) | undefined;
  /** The next append to a stream starting with this fails (the process "died" before it). */
  failNextAppendTo: string | undefined;

  interceptNextAppend(action: () => Promise<void>): void {
    this.beforeNextAppend = action;
  }

  override async appendToStream(stream: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const action = this.beforeNextAppend;
    this.beforeNextAppend = undefined;
    await action?.();
    if (this.failNextAppendTo !== undefined && stream.startsWith(this.failNextAppendTo)) {
      this.failNextAppendTo = undefined;
      throw new Error('process died');
    }
    return super.appendToStream(stream, events, options);
  }
}
