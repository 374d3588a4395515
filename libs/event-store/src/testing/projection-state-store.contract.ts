/**
 * The contract every ProjectionStateStore passes; called from each adapter's spec with a factory.
 * Every test works under a projection name of its own, so the store may be shared.
 */
import type { EventStore } from '../port/event-store';
import type { JsonValue, ProjectionStateStore } from '../port/event-store.port';
import { uniqueCategory } from './test-events';

export function describeProjectionStateStoreContract(adapterName: string, open: () => Promise<{ store: EventStore; projectionState: ProjectionStateStore }>): void {
  describe(`ProjectionStateStore contract: ${adapterName}`, () => {
    let opened: { store: EventStore; projectionState: ProjectionStateStore };
    let projection: string;
    const changes = (entries: [string, JsonValue | null][]) => new Map(entries);

    beforeAll(async () => {
      opened = await open();
    });
    afterAll(async () => {
      await opened?.store.close();
    });
    beforeEach(() => {
      projection = uniqueCategory();
    });

    it('loads a projection never saved as undefined', async () => {
      await expect(opened.projectionState.load(projection)).resolves.toBeUndefined();
    });

    it('saves documents and position together; a later save changes and deletes documents, leaving the others', async () => {
      const { projectionState } = opened;
      const nested = { open: [{ clockId: 'reply', pauses: [], breachedAt: null, level: 0 }] };
      await expect(
        projectionState.save(
          projection,
          5n,
          changes([
            ['complaint-1', nested],
            ['complaint-2', { corrupt: true }],
            ['complaint-3', '中文'],
          ]),
        ),
      ).resolves.toBe(true);
      await projectionState.save(`${projection}-other`, 9n, changes([['complaint-1', 1]]));
      await expect(
        projectionState.save(
          projection,
          2n ** 60n,
          changes([
            ['complaint-2', null],
            ['complaint-3', 'changed'],
            ['complaint-9', null],
          ]),
        ),
      ).resolves.toBe(true);

      const loaded = await projectionState.load(projection);
      expect(loaded?.position).toBe(2n ** 60n);
      expect(Object.fromEntries(loaded!.documents)).toEqual({ 'complaint-1': nested, 'complaint-3': 'changed' });
    });

    it('refuses, writing nothing, a save at or behind the stored position: another process saved further', async () => {
      const { projectionState } = opened;
      await projectionState.save(projection, 10n, changes([['complaint-1', 'at 10']]));

      await expect(projectionState.save(projection, 10n, changes([['complaint-1', 'again at 10']]))).resolves.toBe(false);
      await expect(
        projectionState.save(
          projection,
          9n,
          changes([
            ['complaint-1', 'at 9'],
            ['complaint-2', 'at 9'],
          ]),
        ),
      ).resolves.toBe(false);

      const loaded = await projectionState.load(projection);
      expect({ position: loaded?.position, documents: Object.fromEntries(loaded!.documents) }).toEqual({ position: 10n, documents: { 'complaint-1': 'at 10' } });
    });
  });
}
