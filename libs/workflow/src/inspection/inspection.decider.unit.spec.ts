import { CommandNotAllowedError, ForbiddenByRoleError, InvalidCommandError, NotResponsibleUnitError, UnsupportedSchemaVersionError } from '../shared/errors';
import { spec } from '../testing/decider-specification';
import { OUTLET, SUB_BRANCH, T0, actorWith } from '../testing/fixtures';
import { SAMPLE_CHECKLIST } from '../testing/inspection.lifecycle';
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

  describe('scored item by item against a checklist', () => {
    const openedWithChecklist = () =>
      inspection
        .given()
        .when({ ...open, kind: 'offsite', checklist: SAMPLE_CHECKLIST }, inspector)
        .then([expect.objectContaining({ type: 'InspectionOpened', data: expect.objectContaining({ checklist: SAMPLE_CHECKLIST }) })]).history;

    it('records two failures in one command, raising the finding of the item that raises one, and scores what was recorded', () => {
      const recorded = inspection
        .given(openedWithChecklist())
        .when(
          {
            type: 'record-results',
            results: [
              { itemId: 'greeting', outcome: 'fail', deducted: 2, note: '未起身' },
              { itemId: 'one-metre-line', outcome: 'fail', note: '一米线缺失', findingId: 'f-line' },
              { itemId: 'password-cover', outcome: 'not_applicable' },
            ],
          },
          inspector,
        )
        .then([
          expect.objectContaining({
            type: 'InspectionItemsRecorded',
            data: expect.objectContaining({
              results: [
                { itemId: 'greeting', outcome: 'fail', deducted: 2, note: '未起身', findingId: null },
                { itemId: 'one-metre-line', outcome: 'fail', deducted: 5, note: '一米线缺失', findingId: 'f-line' },
                { itemId: 'password-cover', outcome: 'not_applicable', deducted: 0, note: null, findingId: null },
              ],
            }),
          }),
          expect.objectContaining({ type: 'InspectionFindingAdded', data: expect.objectContaining({ findingId: 'f-line', itemId: 'one-metre-line' }) }),
        ]);
      // 10 points recorded as pass or fail, 7 deducted; the item not applicable counts for nothing.
      expect(toInspectionView(recorded.state).score).toEqual({ earned: 3, possible: 10, percent: 30, recorded: 3, total: 3 });
      expect(toInspectionView(recorded.state).findingIds).toEqual(['f-line']);
      inspection
        .given(recorded.history)
        .when({ type: 'record-results', results: [{ itemId: 'greeting', outcome: 'pass' }] }, inspector)
        .thenThrows(InvalidCommandError, { issues: [{ field: 'results[0].itemId', message: 'greeting is already recorded' }] });
    });

    it('names every bad result: unknown item, deduction above the points or on a pass, a raising failure without a finding id, a finding id where none is raised', () => {
      inspection
        .given(openedWithChecklist())
        .when(
          {
            type: 'record-results',
            results: [
              { itemId: 'queue-ticket', outcome: 'pass' },
              { itemId: 'greeting', outcome: 'fail', deducted: 6, findingId: 'f-x' },
              { itemId: 'one-metre-line', outcome: 'fail' },
              { itemId: 'password-cover', outcome: 'pass', deducted: 1 },
            ],
          },
          inspector,
        )
        .thenThrows(InvalidCommandError, {
          issues: [
            { field: 'results[0].itemId', message: 'is not an item of checklist counter-service v2' },
            { field: 'results[1].deducted', message: "must be a whole number from 1 to the item's 5 points" },
            { field: 'results[1].findingId', message: 'is only for a failed item that raises a finding' },
            { field: 'results[2].findingId', message: 'must be a non-empty string' },
            { field: 'results[3].deducted', message: 'is only for a failed item' },
          ],
        });
    });

    it('refuses item results on a free-scope inspection: the statechart offers them only with a checklist', () => {
      expect(inspectionDecider.allowedCommands(inspectionDecider.fold(opened()))).not.toContain('record-results');
      expect(inspectionDecider.allowedCommands(inspectionDecider.fold(openedWithChecklist()))).toContain('record-results');
      inspection
        .given(opened())
        .when({ type: 'record-results', results: [{ itemId: 'greeting', outcome: 'pass' }] }, inspector)
        .thenThrows(CommandNotAllowedError);
    });
  });

  it('refuses an unknown kind and a unit outside the tree', () => {
    inspection
      .given()
      .when({ ...open, kind: 'audit' as never, unitId: 'nowhere', scope: 'x' }, inspector)
      .thenThrows(InvalidCommandError);
  });

  it('lets only inspectors and supervisors work on inspections other than a self-inspection', () => {
    inspection.given(opened()).when({ type: 'close' }, actorWith('handler')).thenThrows(ForbiddenByRoleError);
    inspection.given(opened()).when({ type: 'close' }, actorWith('unit_head')).thenThrows(NotResponsibleUnitError);
    inspection.given().when(open, actorWith('unit_head')).thenThrows(NotResponsibleUnitError);
  });

  it('files evidence against a recorded item result, or the inspection as a whole; the same bytes once', () => {
    const scored = inspection
      .given()
      .when({ ...open, kind: 'offsite', checklist: SAMPLE_CHECKLIST }, inspector)
      .then([expect.objectContaining({ type: 'InspectionOpened' })]).history;
    const recorded = inspection
      .given(scored)
      .when({ type: 'record-results', results: [{ itemId: 'greeting', outcome: 'fail', deducted: 2 }] }, inspector)
      .then([expect.objectContaining({ type: 'InspectionItemsRecorded' })]).history;
    const photo = {
      type: 'attach-evidence',
      sha256: 'b'.repeat(64),
      size: 2048,
      contentType: 'image/jpeg',
      fileName: '未起身迎接.jpg',
      evidenceKind: 'cctv_note',
      personalData: false,
    } as const;
    inspection
      .given(recorded)
      .when({ ...photo, itemId: 'password-cover' }, inspector)
      .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'itemId' })] });
    const filed = inspection
      .given(recorded)
      .when({ ...photo, itemId: 'greeting' }, inspector)
      .then([expect.objectContaining({ type: 'EvidenceAttached', data: expect.objectContaining({ itemId: 'greeting', sha256: photo.sha256 }) })]);
    expect(toInspectionView(filed.state).attachments).toEqual([expect.objectContaining({ itemId: 'greeting', fileName: '未起身迎接.jpg', erased: false })]);
    inspection.given(filed.history).when(photo, inspector).then([]);
  });

  describe('a self-inspection (自查)', () => {
    const unitHead = actorWith('unit_head', 'zhou');
    const selfOpen: InspectionCommand = { type: 'open', inspectionId: 'i-self', kind: 'self', unitId: OUTLET, scope: '网点自查' };
    const selfOpened = () =>
      inspection
        .given()
        .when(selfOpen, unitHead)
        .then([expect.objectContaining({ type: 'InspectionOpened', data: expect.objectContaining({ kind: 'self', reportsTo: SUB_BRANCH }) })]).history;

    it('is opened by the unit itself, never for another unit', () => {
      inspection
        .given()
        .when({ ...selfOpen, unitId: SUB_BRANCH }, unitHead)
        .thenThrows(InvalidCommandError, { issues: [expect.objectContaining({ field: 'unitId' })] });
    });

    it('is reported up to the unit above, which closes it with the lessons; the unit may not close it itself', () => {
      const withFinding = inspection
        .given(selfOpened())
        .when({ type: 'add-finding', findingId: 'f-self' }, unitHead)
        .then([expect.objectContaining({ type: 'InspectionFindingAdded' })]).history;
      inspection.given(withFinding).when({ type: 'close' }, unitHead).thenThrows(CommandNotAllowedError);
      const reported = inspection
        .given(withFinding)
        .when({ type: 'report', report: '一米线未设置，已列入整改' }, unitHead)
        .then([expect.objectContaining({ type: 'InspectionReported', data: expect.objectContaining({ reportsTo: SUB_BRANCH }) })]);
      expect(toInspectionView(reported.state, unitHead)).toMatchObject({
        state: 'reported',
        reportsTo: SUB_BRANCH,
        selfReport: { report: '一米线未设置，已列入整改' },
        allowedCommands: [],
      });
      inspection.given(reported.history).when({ type: 'add-finding', findingId: 'f-late' }, unitHead).thenThrows(CommandNotAllowedError);
      inspection.given(reported.history).when({ type: 'close' }, unitHead).thenThrows(NotResponsibleUnitError);
      const aboveHead = { ...actorWith('unit_head', 'wu'), unitId: SUB_BRANCH };
      inspection
        .given(reported.history)
        .when({ type: 'close', summary: '各网点一米线统一整改' }, aboveHead)
        .then([expect.objectContaining({ type: 'InspectionClosed' })]);
    });

    it('may not be worked on by the unit head of another unit', () => {
      inspection
        .given(selfOpened())
        .when({ type: 'report', report: '已完成' }, { ...unitHead, unitId: SUB_BRANCH })
        .thenThrows(NotResponsibleUnitError);
    });
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
