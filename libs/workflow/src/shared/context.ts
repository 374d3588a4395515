import type { OrgTree } from './org-tree';

export const ROLES = ['handler', 'unit_head', 'supervisor', 'inspector', 'auditor', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Who issues a command. The API authenticates; the library only reads the claims. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
  readonly unitId: string;
}

/** Everything a decision may depend on besides the aggregate state and the command. */
export interface DecideContext {
  readonly actor: Actor;
  /** ISO-8601 instant supplied by the caller: the library never reads a clock. */
  readonly now: string;
  readonly orgTree: OrgTree;
}

/** Per command, the roles allowed to issue it. Roles not listed (auditor, admin) change nothing. */
export type RoleGates<TCommandType extends string> = Readonly<Record<TCommandType, readonly Role[]>>;
