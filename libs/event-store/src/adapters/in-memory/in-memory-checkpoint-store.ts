import type { CheckpointStore, GlobalPosition } from '../../port/event-store.port';

/** Checkpoints held in a Map: for unit tests; they do not survive the process. */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, GlobalPosition>();

  async load(name: string): Promise<GlobalPosition | undefined> {
    return this.positions.get(name);
  }

  async store(name: string, position: GlobalPosition): Promise<void> {
    this.positions.set(name, position);
  }
}
