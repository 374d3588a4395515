import { CommandNotAllowedError, ForbiddenByRoleError, InvalidCommandError } from '../shared/errors';
import { OUTLET, actorWith } from '../testing/fixtures';
import { streamUnderTest } from '../testing/lifecycle-harness';
import { inspectionDecider } from './inspection.decider';
import { toInspectionView } from './inspection.view';

const inspector = actorWith('inspector', 'qian');

function opened() {
  const stream = streamUnderTest(inspectionDecider);
  stream.run({ type: 'open', inspectionId: 'i-1', kind: 'mystery_shopper', unitId: OUTLET, scope: '柜面服务' }, inspector);
  return stream;
}

describe('inspection decider', () => {
  it('records findings once each, then closes with a summary and refuses more findings', () => {
    const stream = opened();
    stream.run({ type: 'add-finding', findingId: 'f-1' }, inspector);
    expect(stream.run({ type: 'add-finding', findingId: 'f-1' }, inspector)).toEqual([]);
    stream.run({ type: 'add-finding', findingId: 'f-2' }, inspector);
    stream.run({ type: 'close', summary: '晨会未落实' }, inspector);
    expect(toInspectionView(stream.state)).toMatchObject({
      id: 'i-1',
      kind: 'inspection',
      inspectionKind: 'mystery_shopper',
      state: 'closed',
      findingIds: ['f-1', 'f-2'],
      closure: { summary: '晨会未落实' },
      allowedCommands: [],
    });
    expect(() => stream.run({ type: 'add-finding', findingId: 'f-3' }, inspector)).toThrow(CommandNotAllowedError);
  });

  it('refuses an unknown kind and a unit outside the tree', () => {
    const stream = streamUnderTest(inspectionDecider);
    expect(() => stream.run({ type: 'open', inspectionId: 'i-1', kind: 'audit' as never, unitId: 'nowhere', scope: 'x' }, inspector)).toThrow(InvalidCommandError);
  });

  it('lets only inspectors and supervisors work on inspections', () => {
    expect(() => opened().run({ type: 'close' }, actorWith('unit_head'))).toThrow(ForbiddenByRoleError);
  });
});
