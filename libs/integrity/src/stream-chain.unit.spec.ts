import { eventHash } from './event-hash';
import { ChainedLog } from './testing/chained-log';
import { StreamChainVerifier, verifyStreamChain, type ChainedEvent } from './stream-chain';

describe('verifyStreamChain', () => {
  const chained = (count: number): ChainedEvent[] => {
    const log = new ChainedLog();
    for (let index = 0; index < count; index++) log.append('complaint-1', { index, text: `note ${index}` });
    return log.events;
  };

  it('accepts an intact chain and counts its events; an empty stream is trivially intact', () => {
    expect(verifyStreamChain(chained(5))).toEqual({ valid: true, events: 5 });
    expect(verifyStreamChain([])).toEqual({ valid: true, events: 0 });
  });

  it('catches an edited data field at its revision', () => {
    const events = chained(5);
    events[2] = { ...events[2], data: { ...events[2].data, text: 'rewritten' } };
    expect(verifyStreamChain(events)).toEqual({ valid: false, events: 5, brokenAt: 2n, reason: 'content does not match its hash' });
  });

  it.each<[string, (event: ChainedEvent) => ChainedEvent]>([
    ['type', (event) => ({ ...event, type: 'Other' })],
    ['metadata', (event) => ({ ...event, metadata: { actorId: 'someone else' } })],
    ['id', (event) => ({ ...event, id: 'another-id' })],
    ['stream', (event) => ({ ...event, stream: 'complaint-2' })],
  ])('catches an edited %s', (_, edit) => {
    const events = chained(3);
    events[1] = edit(events[1]);
    expect(verifyStreamChain(events)).toMatchObject({ valid: false, brokenAt: 1n });
  });

  it('catches a deleted event as the missing revision', () => {
    const events = chained(5);
    events.splice(3, 1);
    expect(verifyStreamChain(events)).toEqual({ valid: false, events: 4, brokenAt: 3n, reason: 'revision 3 is missing (next recorded: 4)' });
  });

  it('catches a deleted first event', () => {
    expect(verifyStreamChain(chained(3).slice(1))).toMatchObject({ valid: false, brokenAt: 0n });
  });

  it('catches two events whose contents were swapped, at the first of them', () => {
    const events = chained(4);
    const swapped = events.map((event, index) => (index === 1 ? { ...event, data: events[2].data } : index === 2 ? { ...event, data: events[1].data } : event));
    expect(verifyStreamChain(swapped)).toMatchObject({ valid: false, brokenAt: 1n, reason: 'content does not match its hash' });
  });

  it('catches an edit whose own hash the forger recomputed, at the next event', () => {
    const events = chained(3);
    const forged = { ...events[1], data: { forged: true } };
    forged.integrity = { hash: eventHash(forged, forged.integrity!.previousHash), previousHash: forged.integrity!.previousHash };
    expect(verifyStreamChain([events[0], forged, events[2]])).toMatchObject({ valid: false, brokenAt: 2n, reason: expect.stringMatching(/previous-hash/) });
  });

  it('catches a link that points elsewhere, and a chain restarted mid-stream', () => {
    const events = chained(3);
    events[2] = { ...events[2], integrity: { ...events[2].integrity!, previousHash: events[0].integrity!.hash } };
    expect(verifyStreamChain(events)).toMatchObject({ brokenAt: 2n, reason: 'previous-hash link does not match the preceding event' });
  });

  it('reports unchained (legacy) events as unproven, not as valid', () => {
    const events = chained(2).map(({ integrity: _, ...legacy }) => legacy);
    expect(verifyStreamChain(events)).toMatchObject({ valid: false, brokenAt: 0n, reason: expect.stringMatching(/unchained legacy event/) });
  });

  it('reports only the first break and keeps counting events', () => {
    const verifier = new StreamChainVerifier();
    const events = chained(4).map((event) => ({ ...event, data: { edited: true } }));
    const breaks = events.map((event) => verifier.accept(event));
    expect(breaks.filter(Boolean)).toHaveLength(1);
    expect(verifier.verdict).toMatchObject({ events: 4, brokenAt: 0n });
  });
});
