import { PayloadCheck } from '../shared/payload-check';

/** One line of the 服务工作检查记录表: what is checked, what it is worth, and what a failure means. */
export type ChecklistItem = {
  id: string;
  text: string;
  /** Points the item is worth; a failure deducts up to this many. */
  points: number;
  /** A complaint category id (GET /categories), internal control included: the category of the finding it raises. */
  category: string;
  /** A failure raises a finding for rectification in the same command. */
  raisesFinding: boolean;
};

export type ChecklistSection = { id: string; title: string; items: ChecklistItem[] };

/** A checklist template as published: each publication is a new version, and an inspection keeps the version it was opened with. */
export type Checklist = {
  id: string;
  version: number;
  name: string;
  /** Where the items come from (a standard, a seed document). */
  source?: string;
  sections: ChecklistSection[];
};

/** Template ids name streams and appear in paths: letters, digits, `_` and `-`, as calendar ids. */
export const CHECKLIST_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const CHECKLIST_KEYS = ['id', 'version', 'name', 'source', 'sections'];
const SECTION_KEYS = ['id', 'title', 'items'];
const ITEM_KEYS = ['id', 'text', 'points', 'category', 'raisesFinding'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(check: PayloadCheck, field: string, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value))
    if (!known.includes(key)) check.fail(field ? `${field}.${key}` : key, `is not a known field (known: ${known.join(', ')})`, `不是可识别的字段（可用：${known.join(', ')}）`);
}

/** Items must be unique across the whole checklist, since results name items alone. */
function checkItem(check: PayloadCheck, field: string, item: unknown, seen: Set<string>, categoryIds: readonly string[]): void {
  if (!isRecord(item)) {
    check.fail(field, 'must be an object', '须为对象');
    return;
  }
  checkKeys(check, field, item, ITEM_KEYS);
  check.text(`${field}.id`, item.id).text(`${field}.text`, item.text).oneOf(`${field}.category`, item.category, categoryIds).boolean(`${field}.raisesFinding`, item.raisesFinding);
  if (typeof item.points !== 'number' || !Number.isInteger(item.points) || item.points < 1 || item.points > 100)
    check.fail(`${field}.points`, 'must be a whole number from 1 to 100', '须为 1 至 100 的整数');
  if (typeof item.id === 'string') {
    if (seen.has(item.id)) check.fail(`${field}.id`, `repeats item ${item.id}; item ids are unique in a checklist`, `与检查项 ${item.id} 重复；检查表内项目编号须唯一`);
    seen.add(item.id);
  }
}

/**
 * Validates a checklist template as a whole, naming every bad field in one InvalidCommandError
 * (422). `id` and `version` are set by the caller (the path and the store), never taken on trust.
 */
export function parseChecklist(input: unknown, id: string, version: number, options: { categoryIds: readonly string[] }): Checklist {
  const check: PayloadCheck = new PayloadCheck('inspection', 'publish-checklist');
  if (!isRecord(input)) return check.reject('', 'must be an object with name and sections', '须为含 name 和 sections 的对象');
  checkKeys(check, '', input, CHECKLIST_KEYS);
  if (!CHECKLIST_ID.test(id)) check.fail('id', 'must be 1 to 64 letters, digits, _ or -, starting with a letter or digit', '须为 1 至 64 个字母、数字、_ 或 -，以字母或数字开头');
  else if (input.id !== undefined && input.id !== id) check.fail('id', `must be "${id}" as in the path, or left out`, `须与路径中的 "${id}" 一致，或省略`);
  check.text('name', input.name).optionalText('source', input.source);
  const sections: unknown = input.sections;
  const seenItems = new Set<string>();
  if (!Array.isArray(sections) || sections.length === 0) check.fail('sections', 'must list at least one section', '须至少列出一个部分');
  else
    sections.forEach((section: unknown, index) => {
      const field = `sections[${index}]`;
      if (!isRecord(section)) return void check.fail(field, 'must be an object', '须为对象');
      checkKeys(check, field, section, SECTION_KEYS);
      check.text(`${field}.id`, section.id).text(`${field}.title`, section.title);
      const items: unknown = section.items;
      if (!Array.isArray(items) || items.length === 0) check.fail(`${field}.items`, 'must list at least one item', '须至少列出一个检查项');
      else items.forEach((item: unknown, itemIndex) => checkItem(check, `${field}.items[${itemIndex}]`, item, seenItems, options.categoryIds));
    });
  check.throwIfInvalid();
  const parsed = input as unknown as Checklist;
  return {
    id,
    version,
    name: parsed.name,
    ...(parsed.source !== undefined && { source: parsed.source }),
    sections: parsed.sections.map((section) => ({
      id: section.id,
      title: section.title,
      items: section.items.map((item) => ({ id: item.id, text: item.text, points: item.points, category: item.category, raisesFinding: item.raisesFinding })),
    })),
  };
}

export function checklistItems(checklist: Checklist): ChecklistItem[] {
  return checklist.sections.flatMap((section) => section.items);
}

/** pass; fail (points deducted, a note of what was seen); not_applicable (the item does not apply here, so it counts for nothing). */
export const ITEM_OUTCOMES = ['pass', 'fail', 'not_applicable'] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];

/** One checklist item as the inspector recorded it; `findingId` names the finding a failure raised. */
export type ItemResult = { itemId: string; outcome: ItemOutcome; deducted: number; note: string | null; findingId: string | null };

/**
 * The inspection's score from its results: of the points of the items recorded as pass or fail,
 * those not deducted, as a percentage with one decimal; null before any such item is recorded.
 * Items not applicable or not yet recorded count for nothing either way.
 */
export type InspectionScore = { earned: number; possible: number; percent: number | null; recorded: number; total: number };

export function scoreOf(checklist: Checklist, results: readonly ItemResult[]): InspectionScore {
  const points = new Map(checklistItems(checklist).map((item) => [item.id, item.points]));
  const counted = results.filter((result) => result.outcome !== 'not_applicable');
  const possible = counted.reduce((sum, result) => sum + (points.get(result.itemId) ?? 0), 0);
  const earned = possible - counted.reduce((sum, result) => sum + result.deducted, 0);
  return { earned, possible, percent: possible === 0 ? null : Math.round((earned / possible) * 1000) / 10, recorded: results.length, total: points.size };
}
