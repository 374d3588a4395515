import type { GlobalPosition, JsonValue, ProjectionState, ProjectionStateStore } from '../../port/event-store.port';

/** Projection state held in a Map: for unit tests and EventStoreDB; it does not survive the process. */
export class InMemoryProjectionStateStore implements ProjectionStateStore {
  private readonly states = new Map<string, ProjectionState>();

  async load(projection: string): Promise<ProjectionState | undefined> {
    const state = this.states.get(projection);
    return state && { position: state.position, documents: structuredClone(state.documents) };
  }

  async save(projection: string, position: GlobalPosition, changes: ReadonlyMap<string, JsonValue | null>): Promise<boolean> {
    const state = this.states.get(projection) ?? { position: -1n, documents: new Map<string, JsonValue>() };
    if (state.position >= position) return false;
    for (const [key, document] of changes) {
      if (document === null) state.documents.delete(key);
      else state.documents.set(key, structuredClone(document));
    }
    this.states.set(projection, { position, documents: state.documents });
    return true;
  }
}
