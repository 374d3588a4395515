import type { OrgTree as IdentityOrgTree } from '@duban/identity';
import type { OrgTree } from '@duban/workflow';

/** The deciders' view of the organisation: identity's tree answers with units, they want ids. */
export function workflowOrgTree(tree: IdentityOrgTree): OrgTree {
  return {
    parentOf: (unitId) => (tree.has(unitId) ? tree.parentOf(unitId)?.id : undefined),
    contains: (unitId) => tree.has(unitId),
  };
}
