/**
 * Runs the work given for one stream one after another, in the order given, and work for
 * different streams independently. Commands to one case from one process then never race each
 * other between load and append: only writers in other processes can make a command retry.
 * Holds an entry only while a stream has work pending, so memory follows the streams in use.
 */
export class StreamQueue {
  /** The last work queued per stream; whoever comes next waits for it to settle. */
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Resolves or rejects as `work` does, once all work queued for `stream` before it has settled. */
  run<T>(stream: string, work: () => Promise<T>): Promise<T> {
    // Tails never reject (see below): a failure of the work before releases this one just the same.
    const result = (this.tails.get(stream) ?? Promise.resolve()).then(work);
    const tail: Promise<void> = result.then(
      () => this.release(stream, tail),
      () => this.release(stream, tail),
    );
    this.tails.set(stream, tail);
    return result;
  }

  /** Streams with work queued or running. */
  get busyStreams(): number {
    return this.tails.size;
  }

  private release(stream: string, settled: Promise<unknown>): void {
    if (this.tails.get(stream) === settled) this.tails.delete(stream);
  }
}
