import { randomUUID } from 'node:crypto';
import type { JsonValue } from '../canonical-json';
import { changedHeads, INTEGRITY_CHECKPOINT_RECORDED, INTEGRITY_CHECKPOINT_STREAM, nextCheckpoint, readCheckpoint, type RecordedCheckpoint } from '../checkpoint';
import { chainBatch } from '../event-hash';
import type { LoggedEvent } from '../store-verifier';

/** A global log built the way the stores build it (chained appends, checkpoints), for tests of the pure verification. */
export class ChainedLog {
  readonly events: LoggedEvent[] = [];
  private checkpointedUpTo = 0;

  append(stream: string, data: { [key: string]: JsonValue } = {}, type = 'Happened'): LoggedEvent {
    const previous = this.stream(stream).at(-1);
    const revision = previous ? previous.revision + 1n : 0n;
    const content = { id: randomUUID(), type, data, metadata: { actorId: 'tester' } };
    const [integrity] = chainBatch(stream, revision, previous?.integrity?.hash ?? null, [content]);
    const event = { ...content, stream, revision, position: BigInt(this.events.length + 1), integrity };
    this.events.push(event);
    return event;
  }

  /** Anchors every stream changed since the last checkpoint, as the checkpoint writer does. */
  checkpoint(): LoggedEvent {
    const previous = this.checkpoints().at(-1);
    const upToPosition = this.events.at(-1)!.position;
    const data = nextCheckpoint(previous, changedHeads(this.events.slice(this.checkpointedUpTo)), upToPosition);
    this.checkpointedUpTo = this.events.length;
    return this.append(INTEGRITY_CHECKPOINT_STREAM, data, INTEGRITY_CHECKPOINT_RECORDED);
  }

  stream(name: string): LoggedEvent[] {
    return this.events.filter((event) => event.stream === name);
  }

  checkpoints(): RecordedCheckpoint[] {
    return this.stream(INTEGRITY_CHECKPOINT_STREAM).map((event) => readCheckpoint(event) as RecordedCheckpoint);
  }
}
