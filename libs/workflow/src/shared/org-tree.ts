/**
 * The organisation tree (head office → branch → sub-branch → outlet), passed in by the caller so
 * that the library stays pure. Head office is the root: the only unit without a parent.
 */
export interface OrgTree {
  /** The unit one level up, or undefined for the root (head office) and for unknown units. */
  parentOf(unitId: string): string | undefined;
  contains(unitId: string): boolean;
}

/** Builds an OrgTree from a child → parent map; the root maps to null. */
export function orgTreeFromParents(parents: Readonly<Record<string, string | null>>): OrgTree {
  const roots = Object.keys(parents).filter((unitId) => parents[unitId] === null);
  if (roots.length !== 1) {
    throw new Error(`An org tree needs exactly one root (head office), found ${roots.length}`);
  }
  for (const [unitId, parentId] of Object.entries(parents)) {
    if (parentId !== null && !Object.hasOwn(parents, parentId)) {
      throw new Error(`Unit ${unitId} has unknown parent ${parentId}`);
    }
  }
  return {
    parentOf: (unitId) => (Object.hasOwn(parents, unitId) ? (parents[unitId] ?? undefined) : undefined),
    contains: (unitId) => Object.hasOwn(parents, unitId),
  };
}
