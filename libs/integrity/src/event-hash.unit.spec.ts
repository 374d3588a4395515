import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { chainBatch, eventHash, sha256Hex, type HashedContent } from './event-hash';

describe('eventHash', () => {
  const content: HashedContent = {
    id: '0b7c8f3e-5d7a-4c1e-9f55-2b8f0a9d1c11',
    stream: 'complaint-1',
    revision: 3n,
    type: 'ComplaintRegistered',
    data: { text: '柜员态度冷漠', amount: 12.5 },
    metadata: { actorId: 'handler.haicheng', unitId: 'anshan-haicheng-yys' },
  };
  const previous = 'a'.repeat(64);

  it('is SHA-256 over the canonical JSON of the content with the previous hash (a pinned format)', () => {
    const canonical =
      '{"data":{"amount":12.5,"text":"柜员态度冷漠"},"id":"0b7c8f3e-5d7a-4c1e-9f55-2b8f0a9d1c11",' +
      '"metadata":{"actorId":"handler.haicheng","unitId":"anshan-haicheng-yys"},' +
      `"previousHash":"${previous}","revision":"3","stream":"complaint-1","type":"ComplaintRegistered"}`;
    expect(eventHash(content, previous)).toBe(sha256Hex(canonical));
    expect(eventHash(content, previous)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the same text as canonicalJson of the whole content, whatever it holds', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.string(),
        fc.option(fc.string()),
        (data, metadata, text, previousHash) => {
          const varied = { id: text, stream: `s-${text}`, revision: BigInt(text.length), type: text, data, metadata } as HashedContent;
          const { id, stream, revision, type } = varied;
          const whole = canonicalJson({ id, stream, revision: revision.toString(), type, data: varied.data, metadata: varied.metadata, previousHash });
          expect(eventHash(varied, previousHash)).toBe(sha256Hex(whole));
        },
      ),
    );
  });

  it('does not depend on key order', () => {
    const reordered = { ...content, data: { amount: 12.5, text: '柜员态度冷漠' }, metadata: { unitId: 'anshan-haicheng-yys', actorId: 'handler.haicheng' } };
    expect(eventHash(reordered, previous)).toBe(eventHash(content, previous));
  });

  it.each<[string, Partial<HashedContent>]>([
    ['id', { id: '0b7c8f3e-5d7a-4c1e-9f55-2b8f0a9d1c12' }],
    ['stream', { stream: 'complaint-2' }],
    ['revision', { revision: 4n }],
    ['type', { type: 'ComplaintWithdrawn' }],
    ['data', { data: { text: '柜员态度冷漠', amount: 12.6 } }],
    ['metadata', { metadata: { actorId: 'admin', unitId: 'anshan-haicheng-yys' } }],
  ])('changes with the %s', (_, change) => {
    expect(eventHash({ ...content, ...change }, previous)).not.toBe(eventHash(content, previous));
  });

  it('changes with the previous hash, and a first event (null) differs from any link', () => {
    expect(eventHash(content, 'b'.repeat(64))).not.toBe(eventHash(content, previous));
    expect(eventHash(content, null)).not.toBe(eventHash(content, previous));
  });
});

describe('chainBatch', () => {
  const events = ['A', 'B', 'C'].map((type, index) => ({ id: `id-${index}`, type, data: {}, metadata: {} }));

  it('links each event of a batch to the one before, the first to the stream head', () => {
    const chain = chainBatch('finding-1', 5n, 'head', events);
    expect(chain.map((link) => link.previousHash)).toEqual(['head', chain[0].hash, chain[1].hash]);
    events.forEach((event, index) => expect(chain[index].hash).toBe(eventHash({ ...event, stream: 'finding-1', revision: 5n + BigInt(index) }, chain[index].previousHash)));
  });

  it('gives the same chain whether appended in one batch or one by one', () => {
    const together = chainBatch('finding-1', 0n, null, events);
    const oneByOne = events.reduce<string | null>((head, event, index) => {
      const [link] = chainBatch('finding-1', BigInt(index), head, [event]);
      expect(link).toEqual(together[index]);
      return link.hash;
    }, null);
    expect(oneByOne).toBe(together[2].hash);
  });
});
