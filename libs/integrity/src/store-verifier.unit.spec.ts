import { INTEGRITY_CHECKPOINT_STREAM } from './checkpoint';
import { StoreVerifier, type LoggedEvent } from './store-verifier';
import { ChainedLog } from './testing/chained-log';

/** Verifies a log as the whole-store pass does: checkpoint stream first, then every event in position order. */
function verify(events: readonly LoggedEvent[]) {
  const verifier = new StoreVerifier(events.filter((event) => event.stream === INTEGRITY_CHECKPOINT_STREAM));
  events.forEach((event) => verifier.accept(event));
  return verifier.finish();
}

describe('StoreVerifier', () => {
  /** Two checkpoints over three streams, then one unanchored event. */
  const history = () => {
    const log = new ChainedLog();
    log.append('complaint-1', { text: 'a' });
    log.append('complaint-2', { text: 'b' });
    log.append('complaint-1', { text: 'c' });
    log.checkpoint();
    log.append('finding-1', { text: 'd' });
    log.append('complaint-1', { text: 'e' });
    log.checkpoint();
    log.append('complaint-2', { text: 'f' });
    return log;
  };
  const without = (events: LoggedEvent[], removed: (event: LoggedEvent) => boolean) => events.filter((event) => !removed(event));

  it('accepts an untouched store and says how much was checked and anchored', () => {
    expect(verify(history().events)).toEqual({ valid: true, events: 8, streams: 4, checkpoints: 2, unanchoredEvents: 1, breaks: [] });
  });

  it('accepts a store without any checkpoint yet, everything unanchored', () => {
    const log = new ChainedLog();
    log.append('complaint-1');
    expect(verify(log.events)).toMatchObject({ valid: true, checkpoints: 0, unanchoredEvents: 1 });
  });

  it('catches an edited event in its stream', () => {
    const events = history().events;
    events[2] = { ...events[2], data: { text: 'rewritten' } };
    expect(verify(events).breaks).toEqual([{ stream: 'complaint-1', brokenAt: 1n, reason: 'content does not match its hash' }]);
  });

  it('catches a deleted whole stream through the checkpoint that anchored it', () => {
    const report = verify(without(history().events, (event) => event.stream === 'finding-1'));
    expect(report.valid).toBe(false);
    expect(report.breaks).toEqual([{ stream: 'finding-1', brokenAt: 0n, reason: 'stream is gone, but checkpoint #2 anchors it at revision 0' }]);
  });

  it('catches a truncated stream through the checkpoint that anchored its head', () => {
    const report = verify(without(history().events, (event) => event.stream === 'complaint-1' && event.revision === 2n));
    expect(report.breaks).toEqual([{ stream: 'complaint-1', brokenAt: 2n, reason: 'checkpoint #2 anchors revision 2, which is no longer there' }]);
  });

  it('does not notice a truncated tail nobody anchored yet: only the next checkpoint will', () => {
    expect(verify(history().events.slice(0, -1))).toMatchObject({ valid: true, unanchoredEvents: 0 });
  });

  it('catches a stream slipped in behind a checkpoint', () => {
    const forged = new ChainedLog();
    const [intruder] = [forged.append('complaint-9')];
    const events = history().events;
    events.splice(1, 0, { ...intruder, position: events[0].position }); // a position an earlier checkpoint covers
    expect(verify(events).breaks).toEqual([{ stream: 'complaint-9', brokenAt: 0n, reason: 'recorded before checkpoint #1 but not anchored by it' }]);
  });

  it('catches a checkpoint whose Merkle root no longer matches its streams, and stops trusting later checkpoints', () => {
    const events = history().events;
    const index = events.findIndex((event) => event.stream === INTEGRITY_CHECKPOINT_STREAM);
    const checkpoint = events[index];
    events[index] = { ...checkpoint, data: { ...checkpoint.data, merkleRoot: '0'.repeat(64) } };
    const report = verify(events);
    expect(report.checkpoints).toBe(0);
    expect(report.breaks).toEqual([{ stream: INTEGRITY_CHECKPOINT_STREAM, brokenAt: 0n, reason: 'checkpoint #1: the Merkle root does not match the streams it lists' }]);
  });

  it('catches a deleted checkpoint, both in the checkpoint chain and in the stream', () => {
    const log = history();
    const [first] = log.stream(INTEGRITY_CHECKPOINT_STREAM);
    const report = verify(without(log.events, (event) => event === first));
    expect(report.checkpoints).toBe(0); // the second no longer follows anything, so it is not trusted
    expect(report.breaks).toEqual([{ stream: INTEGRITY_CHECKPOINT_STREAM, brokenAt: 0n, reason: 'revision 0 is missing (next recorded: 1)' }]);
  });

  it('reports one break per stream, the earliest', () => {
    const events = history().events.map((event) => (event.stream === 'complaint-1' ? { ...event, data: { edited: true } } : event));
    expect(verify(events).breaks).toEqual([{ stream: 'complaint-1', brokenAt: 0n, reason: 'content does not match its hash' }]);
  });
});
