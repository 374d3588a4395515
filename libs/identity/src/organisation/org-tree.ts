import { IdentityConfigError } from '../config/identity-config.error';
import { ORG_LEVELS, type OrgUnit } from './org-unit';

/**
 * The bank's organisation (总行 → 分行 → 支行 → 网点). Every level answers for its own subtree
 * (辖内), and escalation goes to `parentOf`, one level up, ending at head office.
 * Immutable once built; `fromUnits` refuses anything that is not a single well-formed tree.
 */
export class OrgTree {
  private readonly childrenByParent = new Map<string, OrgUnit[]>();

  private constructor(
    readonly root: OrgUnit,
    private readonly unitsById: ReadonlyMap<string, OrgUnit>,
  ) {
    for (const unit of unitsById.values()) {
      if (unit.parentId === null) continue;
      const siblings = this.childrenByParent.get(unit.parentId) ?? [];
      siblings.push(unit);
      this.childrenByParent.set(unit.parentId, siblings);
    }
  }

  static fromUnits(units: readonly OrgUnit[]): OrgTree {
    const issues: string[] = [];
    const unitsById = new Map<string, OrgUnit>();
    for (const unit of units) {
      if (unitsById.has(unit.id)) issues.push(`duplicate unit id "${unit.id}"`);
      else unitsById.set(unit.id, unit);
    }
    const roots = [...unitsById.values()].filter((unit) => unit.parentId === null);
    if (roots.length !== 1) {
      issues.push(`expected exactly one root unit (parentId null), found ${roots.length}: ${roots.map((u) => u.id).join(', ') || 'none'}`);
    }
    for (const unit of unitsById.values()) {
      const parent = unit.parentId === null ? undefined : unitsById.get(unit.parentId);
      if (unit.parentId === null) {
        if (unit.level !== 'head_office') issues.push(`root unit "${unit.id}" must be at level head_office, not ${unit.level}`);
      } else if (!parent) {
        issues.push(`unit "${unit.id}" has unknown parent "${unit.parentId}"`);
      } else if (ORG_LEVELS.indexOf(unit.level) <= ORG_LEVELS.indexOf(parent.level)) {
        issues.push(`unit "${unit.id}" (${unit.level}) cannot sit under "${parent.id}" (${parent.level})`);
      }
    }
    issues.push(...describeCycles(unitsById));
    if (issues.length > 0) throw new IdentityConfigError(issues);
    return new OrgTree(roots[0], unitsById);
  }

  has(unitId: string): boolean {
    return this.unitsById.has(unitId);
  }

  get(unitId: string): OrgUnit {
    const unit = this.unitsById.get(unitId);
    if (!unit) throw new Error(`Unknown organisation unit "${unitId}"`);
    return unit;
  }

  units(): readonly OrgUnit[] {
    return this.subtree(this.root.id);
  }

  /** The unit a case escalates to; null at head office, where escalation ends. */
  parentOf(unitId: string): OrgUnit | null {
    const { parentId } = this.get(unitId);
    return parentId === null ? null : this.get(parentId);
  }

  childrenOf(unitId: string): readonly OrgUnit[] {
    this.get(unitId);
    return this.childrenByParent.get(unitId) ?? [];
  }

  /** The complaint managers a case of `unitId` is handed to: the unit's own, else those of its nearest ancestor that names some. */
  complaintManagersFor(unitId: string): readonly string[] {
    for (const unit of [this.get(unitId), ...this.ancestors(unitId)]) {
      if (unit.complaintManagers !== undefined && unit.complaintManagers.length > 0) return unit.complaintManagers;
    }
    return [];
  }

  /** Nearest first, head office last: the full escalation path of a unit. */
  ancestors(unitId: string): readonly OrgUnit[] {
    const path: OrgUnit[] = [];
    for (let parent = this.parentOf(unitId); parent; parent = this.parentOf(parent.id)) path.push(parent);
    return path;
  }

  /** Head office is 0. */
  depth(unitId: string): number {
    return this.ancestors(unitId).length;
  }

  /** The unit itself and everything below it (辖内), parents before children. */
  subtree(rootUnitId: string): readonly OrgUnit[] {
    const listed: OrgUnit[] = [];
    const visit = (unit: OrgUnit): void => {
      listed.push(unit);
      for (const child of this.childrenByParent.get(unit.id) ?? []) visit(child);
    };
    visit(this.get(rootUnitId));
    return listed;
  }

  /** False for unknown ids rather than throwing: this answers authorisation questions, where "no" is the safe answer. */
  isWithinSubtree(rootUnitId: string, unitId: string): boolean {
    if (!this.has(rootUnitId) || !this.has(unitId)) return false;
    return unitId === rootUnitId || this.ancestors(unitId).some((ancestor) => ancestor.id === rootUnitId);
  }
}

/** Walks parent links from every unit; a walk that revisits a unit has found a cycle. */
function describeCycles(unitsById: ReadonlyMap<string, OrgUnit>): string[] {
  const reported = new Set<string>();
  const issues: string[] = [];
  for (const start of unitsById.values()) {
    const walk: string[] = [];
    for (let unit: OrgUnit | undefined = start; unit; unit = unit.parentId === null ? undefined : unitsById.get(unit.parentId)) {
      const seenAt = walk.indexOf(unit.id);
      if (seenAt >= 0) {
        const cycle = walk.slice(seenAt);
        if (!cycle.some((id) => reported.has(id))) {
          cycle.forEach((id) => reported.add(id));
          issues.push(`cycle in parent links: ${[...cycle, unit.id].join(' → ')}`);
        }
        break;
      }
      walk.push(unit.id);
    }
  }
  return issues;
}
