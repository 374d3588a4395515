import { hashPassword } from './password-hash';
import type { UserAccount } from './user';
import { UserDirectory } from './user-directory';

describe('UserDirectory', () => {
  let directory: UserDirectory;

  beforeAll(async () => {
    const account: UserAccount = {
      username: 'handler.daoxi',
      displayName: '刘海波',
      role: 'handler',
      unitId: 'anshan-daoxi',
      passwordHash: await hashPassword('s3cret'),
    };
    directory = new UserDirectory([account]);
  });

  it('returns the user, without the password hash, for the right password', async () => {
    const user = await directory.authenticate('handler.daoxi', 's3cret');
    expect(user).toEqual({ username: 'handler.daoxi', displayName: '刘海波', role: 'handler', unitId: 'anshan-daoxi' });
    expect(user).not.toHaveProperty('passwordHash');
  });

  it('answers null alike for a wrong password and an unknown user', async () => {
    await expect(directory.authenticate('handler.daoxi', 'wrong')).resolves.toBeNull();
    await expect(directory.authenticate('nobody', 's3cret')).resolves.toBeNull();
  });

  it('finds and lists users without their secrets', () => {
    expect(directory.find('handler.daoxi')?.role).toBe('handler');
    expect(directory.find('nobody')).toBeUndefined();
    expect(directory.list()).toEqual([expect.not.objectContaining({ passwordHash: expect.anything() })]);
  });
});
