export const ROLES = ['handler', 'unit_head', 'supervisor', 'inspector', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What the rest of the system knows about the caller: no secrets. */
export interface AuthenticatedUser {
  /** Stable identifier; record it as the actor of events. */
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unitId: string;
}

export interface UserAccount extends AuthenticatedUser {
  readonly passwordHash: string;
}
