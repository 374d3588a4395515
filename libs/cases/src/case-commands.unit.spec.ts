import { InMemoryCheckpointStore, type EventStore } from '@duban/event-store';
import type { Actor, ComplaintCommand, ComplaintState, FindingCommand } from '@duban/workflow';
import { causedEventId, FollowUpReactor, type CommandHandlerOptions } from '@duban/command-handling';
import { waitFor } from '../../event-store/src/testing/test-events';
import { InterceptingStore } from '../../event-store/src/testing/intercepting-store';
import { ALL_AGGREGATES, COMPLAINTS, FINDINGS } from './aggregates';
import { CaseCommandHandler as CommandHandler, CaseFollowUps } from './case-commands';
import { asRequest, clock, handler, head, note, NOW, orgTree, register } from './testing/command-fixtures';

function setUp(options: CommandHandlerOptions = {}): { store: InterceptingStore; commands: CommandHandler } {
  const store = new InterceptingStore();
  return { store, commands: new CommandHandler(store, clock, orgTree, { backoffMs: () => 0, ...options }) };
}

async function registered(commands: CommandHandler, id = 'c1'): Promise<void> {
  await commands.execute(COMPLAINTS, id, register(id), asRequest(handler));
}

async function eventCount(store: EventStore, stream: string): Promise<number> {
  return (await store.readStream(stream)).length;
}

describe('CaseCommandHandler: the command core bound to the workflow', () => {
  it('folds, decides and appends with the loaded revision, recording who (with role and unit), when, why and which schema', async () => {
    const { store, commands } = setUp();
    await registered(commands);
    const outcome = await commands.execute(COMPLAINTS, 'c1', note('called the customer'), asRequest(handler, 'request-2'));

    expect(outcome.revision).toBe(1n);
    expect(outcome.replayed).toBe(false);
    expect((outcome.state as ComplaintState).context.notes).toHaveLength(1);
    const [, recorded] = await store.readStream('complaint-c1');
    expect(recorded.type).toBe('ComplaintNoteAdded');
    expect(recorded.metadata).toEqual({
      actorId: 'handler.one',
      role: 'handler',
      unitId: 'outlet',
      occurredAt: NOW.toISOString(),
      correlationId: 'correlation-1',
      causationId: 'request-2',
      schemaVersion: 1,
    });
    expect(outcome.recorded.map((event) => event.id)).toEqual([recorded.id]);
  });
});

describe('CaseFollowUps: the finding of a valid complaint reply', () => {
  const validReply: ComplaintCommand = { type: 'reply', responsibility: 'valid', text: '已整改并致歉', channel: 'phone' };

  it('creates the finding once, as the system, caused by the reply event', async () => {
    const { store, commands } = setUp();
    const followUps = new CaseFollowUps(store, commands);
    await registered(commands);
    const replied = await commands.execute(COMPLAINTS, 'c1', validReply, asRequest(handler, 'request-reply'));
    await followUps.complete(COMPLAINTS, replied, replied.recorded);
    await followUps.completeFor(replied.recorded[0], ALL_AGGREGATES);

    const replyEvent = replied.recorded[0];
    const findingId = (replyEvent.data as { findingId: string }).findingId;
    const finding = await store.readStream(`finding-${findingId}`);
    expect(finding).toHaveLength(1);
    expect(finding[0].id).toBe(causedEventId(replyEvent.id, 0));
    expect(finding[0].data).toMatchObject({ number: 'ZG-2024-000001', source: { kind: 'complaint', complaintId: 'c1' }, unitId: 'outlet', category: 'attitude' });
    expect(finding[0].metadata).toMatchObject({ actorId: 'system', role: 'system', causationId: replyEvent.id, correlationId: 'correlation-1' });
  });

  it('is completed by the reactor on the global log when the process died between the two appends, once across restarts', async () => {
    const { store, commands } = setUp();
    const followUps = new CaseFollowUps(store, commands);
    await registered(commands);
    const replied = await commands.execute(COMPLAINTS, 'c1', validReply, asRequest(handler));
    const findingId = (replied.recorded[0].data as { findingId: string }).findingId;
    store.failNextAppendTo = 'finding-';
    await expect(followUps.complete(COMPLAINTS, replied, replied.recorded)).rejects.toThrow('process died');
    await expect(store.readStream(`finding-${findingId}`)).rejects.toThrow(/not found/);

    const checkpoints = new InMemoryCheckpointStore();
    const reactorRun = async (): Promise<void> => {
      const subscription = new FollowUpReactor(store, checkpoints, new CaseFollowUps(store, new CommandHandler(store, clock, orgTree)), ALL_AGGREGATES, {
        name: 'follow-ups',
      }).start();
      await waitFor(async () => (await checkpoints.load('follow-ups')) === replied.recorded[0].position, 'the reactor to catch up');
      await subscription.stop();
    };
    await reactorRun();
    await reactorRun();
    const finding = await commands.load(FINDINGS, findingId);
    expect(finding.revision).toBe(0n);
    expect(finding.state.value).toBe('received');
    // The number the dead attempt was given, not a second one.
    expect(finding.state.context.number).toBe('ZG-2024-000001');
    expect(await eventCount(store, 'case-numbers-ZG-2024')).toBe(1);
  });

  it('leaves a finding created concurrently alone', async () => {
    const { store, commands } = setUp();
    const followUps = new CaseFollowUps(store, commands);
    await registered(commands);
    const replied = await commands.execute(COMPLAINTS, 'c1', validReply, asRequest(handler));
    await Promise.all([followUps.complete(COMPLAINTS, replied, replied.recorded), followUps.completeFor(replied.recorded[0], ALL_AGGREGATES)]);
    const findingId = (replied.recorded[0].data as { findingId: string }).findingId;
    expect(await eventCount(store, `finding-${findingId}`)).toBe(1);
    expect(await eventCount(store, 'case-numbers-ZG-2024')).toBe(1);
  });
});

describe('CaseFollowUps: 举一反三, a parent finding raised for many units', () => {
  const inspector: Actor = { id: 'inspector.one', role: 'inspector', unitId: 'anshan' };
  const parentRaise: FindingCommand = {
    type: 'raise',
    findingId: 'p1',
    source: { kind: 'inspection', inspectionId: 'i1' },
    unitId: 'anshan',
    category: 'environment',
    description: '一米线未设置',
    severity: 'minor',
    mode: 'deadline',
    dueAt: '2024-06-30T00:00:00.000Z',
    childUnitIds: ['haicheng', 'outlet'],
  };

  /** Rectified, re-inspected (by someone else: four eyes) and closed; answers the closing outcome. */
  async function closeChild(commands: CommandHandler, id: string): ReturnType<CommandHandler['execute']> {
    await commands.execute(FINDINGS, id, { type: 'plan', measures: ['设置一米线'], ownerId: head.id, dueAt: '2024-06-01T00:00:00.000Z' }, asRequest(head, `${id}-plan`));
    await commands.execute(FINDINGS, id, { type: 'report', report: '已设置' }, asRequest(head, `${id}-report`));
    await commands.execute(FINDINGS, id, { type: 'verify', passed: true }, asRequest(inspector, `${id}-verify`));
    return commands.execute(FINDINGS, id, { type: 'close' }, asRequest(head, `${id}-close`));
  }

  it('raises one linked finding per unit once, and closes the parent with its last child, recording each closure once however often it runs', async () => {
    const { store, commands } = setUp();
    const followUps = new CaseFollowUps(store, commands);
    const parent = await commands.execute(FINDINGS, 'p1', parentRaise, asRequest(inspector, 'request-parent'));
    await followUps.complete(FINDINGS, parent, parent.recorded);
    await followUps.completeFor(parent.recorded[1], ALL_AGGREGATES);
    for (const [id, unitId] of [
      ['p1-1', 'haicheng'],
      ['p1-2', 'outlet'],
    ]) {
      const child = await commands.load(FINDINGS, id);
      expect(child.revision).toBe(0n);
      expect(child.state.context).toMatchObject({ unitId, parentId: 'p1', dueAt: '2024-06-30T00:00:00.000Z' });
    }

    const first = await closeChild(commands, 'p1-1');
    await followUps.complete(FINDINGS, first, first.recorded);
    await followUps.completeFor(first.recorded[0], ALL_AGGREGATES);
    expect((await commands.load(FINDINGS, 'p1')).state).toMatchObject({ value: 'coordinating', context: { closedChildIds: ['p1-1'] } });

    const last = await closeChild(commands, 'p1-2');
    await Promise.all([followUps.complete(FINDINGS, last, last.recorded), followUps.completeFor(last.recorded[0], ALL_AGGREGATES)]);
    await followUps.completeFor(last.recorded[0], ALL_AGGREGATES);
    const closed = await commands.load(FINDINGS, 'p1');
    expect(closed.state.value).toBe('closed');
    expect((await store.readStream('finding-p1')).map((event) => [event.type, event.metadata.actorId])).toEqual([
      ['FindingRaised', 'inspector.one'],
      ['FindingFannedOut', 'inspector.one'],
      ['FindingChildClosed', 'system'],
      ['FindingChildClosed', 'system'],
      ['FindingClosed', 'system'],
    ]);
  });
});
