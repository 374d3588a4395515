import { InvalidCommandError } from '../shared/errors';
import { SAMPLE_CHECKLIST } from '../testing/inspection.lifecycle';
import { parseChecklist, scoreOf } from './checklist';

const CATEGORIES = ['etiquette', 'environment', 'internal_control'];
const { id: _id, version: _version, ...body } = SAMPLE_CHECKLIST;

describe('checklist templates', () => {
  it('takes id and version from the caller, never from the body', () => {
    expect(parseChecklist({ ...body, version: 99 }, 'counter-service', 3, { categoryIds: CATEGORIES })).toMatchObject({
      id: 'counter-service',
      version: 3,
      name: '服务工作检查记录表',
    });
  });

  it('names every bad field: unknown keys, a repeated item id, points out of range, an unknown category, another id', () => {
    const [first] = SAMPLE_CHECKLIST.sections;
    const input = {
      ...body,
      id: 'other',
      colour: 'red',
      sections: [{ ...first, items: [first.items[0], { ...first.items[0], points: 0, category: 'weather', extra: 1 }] }],
    };
    let error: unknown;
    try {
      parseChecklist(input, 'counter-service', 1, { categoryIds: CATEGORIES });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidCommandError);
    expect((error as InvalidCommandError).issues.map((issue) => issue.field)).toEqual([
      'colour',
      'id',
      'sections[0].items[1].extra',
      'sections[0].items[1].category',
      'sections[0].items[1].points',
      'sections[0].items[1].id',
    ]);
  });

  it('refuses a checklist without sections or items', () => {
    expect(() => parseChecklist({ name: 'x', sections: [] }, 'c', 1, { categoryIds: CATEGORIES })).toThrow(InvalidCommandError);
    expect(() => parseChecklist({ name: 'x', sections: [{ id: 's', title: 't', items: [] }] }, 'c', 1, { categoryIds: CATEGORIES })).toThrow(InvalidCommandError);
  });

  it('scores the points of the items passed or failed, less deductions; nothing recorded has no percentage', () => {
    expect(scoreOf(SAMPLE_CHECKLIST, [])).toEqual({ earned: 0, possible: 0, percent: null, recorded: 0, total: 3 });
    const results = [
      { itemId: 'greeting', outcome: 'pass' as const, deducted: 0, note: null, findingId: null },
      { itemId: 'password-cover', outcome: 'fail' as const, deducted: 4, note: null, findingId: 'f-1' },
      { itemId: 'one-metre-line', outcome: 'not_applicable' as const, deducted: 0, note: null, findingId: null },
    ];
    expect(scoreOf(SAMPLE_CHECKLIST, results)).toEqual({ earned: 11, possible: 15, percent: 73.3, recorded: 3, total: 3 });
  });
});
