import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@duban/config';
import { openSqliteEventStore } from '@duban/event-store';
import { INTEGRITY_CHECKPOINT_STREAM } from '@duban/integrity';
import { verifyStore } from '@duban/store-integrity';
import { newEvent, waitFor } from '../../../../libs/event-store/src/testing/test-events';
import { IntegrityCheckpointTimer } from './integrity-checkpoint-timer';

describe('IntegrityCheckpointTimer', () => {
  const directory = mkdtempSync(join(tmpdir(), 'duban-checkpoint-timer-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('anchors what was appended since the last checkpoint every interval, and stops on shutdown', async () => {
    const { store } = openSqliteEventStore({ file: join(directory, 'events.sqlite') });
    const timer = new IntegrityCheckpointTimer(store, loadConfig({ INTEGRITY_CHECKPOINT_INTERVAL_MS: '100' }));
    const checkpoints = async () => (await store.readStream(INTEGRITY_CHECKPOINT_STREAM).catch(() => [])).length;
    try {
      timer.onApplicationBootstrap();
      await store.appendToStream('complaint-1', [newEvent()]);
      await waitFor(async () => (await checkpoints()) === 1, 'the first checkpoint');
      await store.appendToStream('complaint-2', [newEvent()]);
      await waitFor(async () => (await checkpoints()) === 2, 'the second checkpoint');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await checkpoints()).toBe(2); // nothing changed, nothing recorded

      await timer.onApplicationShutdown();
      await store.appendToStream('complaint-3', [newEvent()]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await checkpoints()).toBe(2);
      expect(await verifyStore(store)).toMatchObject({ valid: true, checkpoints: 2, unanchoredEvents: 1 });
    } finally {
      await timer.onApplicationShutdown();
      await store.close();
    }
  });
});
