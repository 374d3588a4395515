import type { InspectionCommand } from '../inspection/inspection.commands';
import { inspectionDecider } from '../inspection/inspection.decider';
import { CommandNotAllowedError, ForbiddenByRoleError, UnsupportedSchemaVersionError } from '../shared/errors';
import { SCHEMA_VERSION } from '../shared/event-envelope';
import { spec } from './decider-specification';
import { OUTLET, T0, actorWith, contextFor, minutesAfterT0 } from './fixtures';

const inspector = actorWith('inspector', 'qian');
const open: InspectionCommand = { type: 'open', inspectionId: 'i-1', kind: 'mystery_shopper', unitId: OUTLET, scope: '柜面服务' };
const opened = [
  {
    type: 'InspectionOpened',
    schemaVersion: SCHEMA_VERSION,
    data: { inspectionId: 'i-1', kind: 'mystery_shopper', unitId: OUTLET, scope: '柜面服务', occurredAt: T0, actorId: 'qian' },
  },
];
const findingAdded = { type: 'InspectionFindingAdded', schemaVersion: SCHEMA_VERSION, data: { findingId: 'f-1', occurredAt: minutesAfterT0(2), actorId: 'qian' } };

describe('decider specification', () => {
  it('passes when the decided events are the expected ones, and returns them with the state and the history after them', () => {
    const decision = spec(inspectionDecider).given(opened).when({ type: 'add-finding', findingId: 'f-1' }, inspector).then([findingAdded]);
    expect(decision.events).toEqual([findingAdded]);
    expect(inspectionDecider.statusOf(decision.state)).toBe('open');
    expect(decision.history).toEqual([...opened, findingAdded]);
  });

  it('decides from an empty history when given nothing, with the context passed whole when there is one', () => {
    const [event] = spec(inspectionDecider)
      .given()
      .when(open, contextFor(inspector, minutesAfterT0(7)))
      .then([expect.objectContaining({ type: 'InspectionOpened' })]).events;
    expect(event?.data).toMatchObject({ occurredAt: minutesAfterT0(7) });
  });

  it('fails when the decided events differ from the expected ones', () => {
    expect(() => spec(inspectionDecider).given(opened).when({ type: 'add-finding', findingId: 'f-1' }, inspector).then([])).toThrow(/toEqual/);
    expect(() => spec(inspectionDecider).given(opened).when({ type: 'add-finding', findingId: 'f-2' }, inspector).then([findingAdded])).toThrow(/toEqual/);
  });

  it('fails with the decision error when events were expected but the command was refused', () => {
    expect(() => spec(inspectionDecider).given().when({ type: 'close' }, inspector).then([])).toThrow(CommandNotAllowedError);
  });

  it('passes thenThrows on an error of the class with the given properties, and returns it', () => {
    const error = spec(inspectionDecider).given(opened).when({ type: 'close' }, actorWith('handler')).thenThrows(ForbiddenByRoleError, { command: 'close' });
    expect(error).toBeInstanceOf(ForbiddenByRoleError);
  });

  it('fails thenThrows when nothing is thrown, naming what was decided instead', () => {
    expect(() => spec(inspectionDecider).given(opened).when({ type: 'add-finding', findingId: 'f-1' }, inspector).thenThrows(CommandNotAllowedError)).toThrow(
      'expected add-finding to throw CommandNotAllowedError, but it decided ["InspectionFindingAdded"]',
    );
  });

  it('fails thenThrows on an error of another class or with other properties', () => {
    const closing = spec(inspectionDecider).given(opened).when({ type: 'close' }, actorWith('handler'));
    expect(() => closing.thenThrows(CommandNotAllowedError)).toThrow(/toBeInstanceOf/);
    expect(() => closing.thenThrows(ForbiddenByRoleError, { command: 'open' })).toThrow(/toMatchObject/);
  });

  it('folds the Given as the store returns it: events of a newer schema are refused', () => {
    const newer = [{ ...opened[0], schemaVersion: SCHEMA_VERSION + 1 }];
    spec(inspectionDecider)
      .given(newer)
      .when({ type: 'close' }, inspector)
      .thenThrows(UnsupportedSchemaVersionError, { schemaVersion: SCHEMA_VERSION + 1 });
  });

  it('leaves the Given as it was', () => {
    const history = [...opened];
    spec(inspectionDecider).given(history).when({ type: 'add-finding', findingId: 'f-1' }, inspector).then([findingAdded]);
    expect(history).toEqual(opened);
  });
});
