import { CommandNotAllowedError, ForbiddenByRoleError, InvalidCommandError, UnsupportedSchemaVersionError } from '../shared/errors';
import { spec } from '../testing/decider-specification';
import { OUTLET, T0, actorWith } from '../testing/fixtures';
import type { InspectionCommand } from './inspection.commands';
import { inspectionDecider } from './inspection.decider';
import { toInspectionView } from './inspection.view';

const inspector = actorWith('inspector', 'qian');
const open: InspectionCommand = { type: 'open', inspectionId: 'i-1', kind: 'mystery_shopper', unitId: OUTLET, scope: '柜面服务' };
const inspection = spec(inspectionDecider);
const opened = () =>
  inspection
    .given()
    .when(open, inspector)
    .then([expect.objectContaining({ type: 'InspectionOpened' })]).history;

// An inspection as the first release stored it (schemaVersion 1), written out rather than decided.
const storedByFirstRelease = [
  { type: 'InspectionOpened', schemaVersion: 1, data: { inspectionId: 'i-0', kind: 'mystery_shopper', unitId: OUTLET, scope: '柜面服务', occurredAt: T0, actorId: 'qian' } },
  { type: 'InspectionFindingAdded', schemaVersion: 1, data: { findingId: 'f-0', occurredAt: T0, actorId: 'qian' } },
];

describe('inspection decider', () => {
  it('records findings once each, then closes with a summary and refuses more findings', () => {
    const first = inspection
      .given(opened())
      .when({ type: 'add-finding', findingId: 'f-1' }, inspector)
      .then([expect.objectContaining({ type: 'InspectionFindingAdded' })]);
    inspection.given(first.history).when({ type: 'add-finding', findingId: 'f-1' }, inspector).then([]);
    const second = inspection
      .given(first.history)
      .when({ type: 'add-finding', findingId: 'f-2' }, inspector)
      .then([expect.objectContaining({ data: expect.objectContaining({ findingId: 'f-2' }) })]);
    const closed = inspection
      .given(second.history)
      .when({ type: 'close', summary: '晨会未落实' }, inspector)
      .then([expect.objectContaining({ type: 'InspectionClosed' })]);
    expect(toInspectionView(closed.state)).toMatchObject({
      id: 'i-1',
      kind: 'inspection',
      inspectionKind: 'mystery_shopper',
      state: 'closed',
      findingIds: ['f-1', 'f-2'],
      closure: { summary: '晨会未落实' },
      allowedCommands: [],
    });
    inspection.given(closed.history).when({ type: 'add-finding', findingId: 'f-3' }, inspector).thenThrows(CommandNotAllowedError);
  });

  it('refuses an unknown kind and a unit outside the tree', () => {
    inspection
      .given()
      .when({ ...open, kind: 'audit' as never, unitId: 'nowhere', scope: 'x' }, inspector)
      .thenThrows(InvalidCommandError);
  });

  it('lets only inspectors and supervisors work on inspections', () => {
    inspection.given(opened()).when({ type: 'close' }, actorWith('unit_head')).thenThrows(ForbiddenByRoleError);
  });

  describe('given a history stored by the first release', () => {
    it('has no case number, since it predates them; a number in the creation event is shown', () => {
      expect(toInspectionView(inspectionDecider.fold(storedByFirstRelease)).number).toBeNull();
      const numbered = storedByFirstRelease.map((event) => (event.type === 'InspectionOpened' ? { ...event, data: { ...event.data, number: 'JC-2024-000001' } } : event));
      expect(toInspectionView(inspectionDecider.fold(numbered)).number).toBe('JC-2024-000001');
    });

    it('knows the findings it holds, adds new ones and closes as today', () => {
      inspection.given(storedByFirstRelease).when({ type: 'add-finding', findingId: 'f-0' }, inspector).then([]);
      inspection
        .given(storedByFirstRelease)
        .when({ type: 'add-finding', findingId: 'f-1' }, inspector)
        .then([expect.objectContaining({ data: expect.objectContaining({ findingId: 'f-1' }) })]);
      const closed = inspection
        .given(storedByFirstRelease)
        .when({ type: 'close' }, actorWith('supervisor', 'zhao'))
        .then([expect.objectContaining({ type: 'InspectionClosed' })]);
      expect(toInspectionView(closed.state)).toMatchObject({ id: 'i-0', state: 'closed', findingIds: ['f-0'] });
    });

    it('refuses the stream when one of its events was written by a newer schema', () => {
      const newer = storedByFirstRelease.map((event) => ({ ...event, schemaVersion: 2 }));
      inspection.given(newer).when({ type: 'close' }, inspector).thenThrows(UnsupportedSchemaVersionError, { eventType: 'InspectionOpened', schemaVersion: 2 });
    });
  });
});
