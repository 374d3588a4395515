import type { ReportedCase } from './reported-case';

export const GROUP_DIMENSIONS = ['unit', 'category', 'month', 'quarter', 'year', 'channel'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

export type UnitLabel = { id: string; name: string };

/**
 * Units roll up to one level below the report's unit (head office ranks branches, a branch its
 * sub-branches); a case of the report's unit itself stays with that unit.
 */
export interface UnitRollup {
  readonly root: UnitLabel;
  /** The report's groups: the root's direct children, in the tree's order. */
  readonly children: readonly UnitLabel[];
  groupOf(unitId: string): UnitLabel;
}

/** The columns that name a row's group; only the grouped-by ones are present. */
export type GroupKey = { unitId?: string; unitName?: string; month?: string; quarter?: string; year?: string; category?: string; channel?: string };

export type Group<TCase> = { key: GroupKey; cases: TCase[] };

/** What grouping reads of a case, or of anything counted like one (a violation: its unit, month and rule's category). */
export type Groupable = Pick<ReportedCase, 'unitId' | 'receivedMonth' | 'category'> & { channel?: string | null };

/** YYYY-Qn of a YYYY-MM month. */
export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
}

function keyOf(reported: Groupable, dimensions: readonly GroupDimension[], units: UnitRollup): GroupKey {
  const key: GroupKey = {};
  for (const dimension of dimensions) {
    switch (dimension) {
      case 'unit': {
        const unit = units.groupOf(reported.unitId);
        key.unitId = unit.id;
        key.unitName = unit.name;
        break;
      }
      case 'month':
        key.month = reported.receivedMonth;
        break;
      case 'quarter':
        key.quarter = quarterOf(reported.receivedMonth);
        break;
      case 'year':
        key.year = reported.receivedMonth.slice(0, 4);
        break;
      case 'category':
        key.category = reported.category;
        break;
      case 'channel':
        key.channel = reported.channel ?? '';
        break;
    }
  }
  return key;
}

/** The grouped-by values as one comparable text, in the order of `dimensions`. */
export function keyText(key: GroupKey, dimensions: readonly GroupDimension[]): string {
  return dimensions.map((dimension) => (dimension === 'unit' ? key.unitId : key[dimension]) ?? '').join('\u0000');
}

/**
 * Cases grouped by the dimensions, groups ordered by those values (units in the tree's order,
 * months ascending, the rest alphabetically). No dimensions: one group of everything.
 */
export function groupCases<TCase extends Groupable>(cases: readonly TCase[], dimensions: readonly GroupDimension[], units: UnitRollup): Group<TCase>[] {
  const groups = new Map<string, Group<TCase>>();
  for (const reported of cases) {
    const key = keyOf(reported, dimensions, units);
    const text = keyText(key, dimensions);
    const group = groups.get(text) ?? { key, cases: [] };
    group.cases.push(reported);
    groups.set(text, group);
  }
  const unitOrder = new Map([units.root, ...units.children].map((unit, index) => [unit.id, index]));
  const compare = (a: GroupKey, b: GroupKey): number => {
    for (const dimension of dimensions) {
      const order = dimension === 'unit' ? (unitOrder.get(a.unitId!) ?? 0) - (unitOrder.get(b.unitId!) ?? 0) : (a[dimension] ?? '').localeCompare(b[dimension] ?? '');
      if (order !== 0) return order;
    }
    return 0;
  };
  return [...groups.values()].sort((a, b) => compare(a.key, b.key));
}

/** YYYY-MM of the month before. */
export function previousMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return monthNumber === 1 ? `${year - 1}-12` : `${year}-${String(monthNumber - 1).padStart(2, '0')}`;
}
