import type { AuthenticatedUser } from '../users/user';

/** What the access guard reads of an HTTP request, and where it leaves the authenticated user. */
export interface IdentityRequest {
  readonly method: string;
  readonly headers: Record<string, string | string[] | undefined>;
  user?: AuthenticatedUser;
}
