import { hashPassword, verifyPassword } from './password-hash';
import type { AuthenticatedUser, UserAccount } from './user';

/** Staff accounts loaded from configuration; the only place passwords are checked. */
export class UserDirectory {
  private readonly accountsByUsername: ReadonlyMap<string, UserAccount>;
  /** Unknown usernames are checked against this, so they cost as much as a wrong password. */
  private readonly decoyHash: Promise<string>;

  constructor(accounts: readonly UserAccount[]) {
    this.accountsByUsername = new Map(accounts.map((account) => [account.username, account]));
    this.decoyHash = hashPassword('decoy password that matches no account');
  }

  find(username: string): AuthenticatedUser | undefined {
    const account = this.accountsByUsername.get(username);
    return account && withoutSecrets(account);
  }

  list(): readonly AuthenticatedUser[] {
    return [...this.accountsByUsername.values()].map(withoutSecrets);
  }

  /** Null for both unknown user and wrong password: callers must not be able to tell them apart. */
  async authenticate(username: string, password: string): Promise<AuthenticatedUser | null> {
    const account = this.accountsByUsername.get(username);
    const passwordMatches = await verifyPassword(password, account?.passwordHash ?? (await this.decoyHash));
    return account && passwordMatches ? withoutSecrets(account) : null;
  }
}

function withoutSecrets({ username, displayName, role, unitId }: UserAccount): AuthenticatedUser {
  return { username, displayName, role, unitId };
}
