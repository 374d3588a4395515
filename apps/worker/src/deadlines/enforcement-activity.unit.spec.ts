import { EnforcementActivity } from './enforcement-activity';

describe('EnforcementActivity', () => {
  it('claims a stream once until it is released', () => {
    const activity = new EnforcementActivity();
    expect(activity.claim(['complaint-a', 'complaint-b', 'complaint-a'])).toEqual(['complaint-a', 'complaint-b']);
    expect(activity.claim(['complaint-b', 'complaint-c'])).toEqual(['complaint-c']);
    activity.release(['complaint-b']);
    expect(activity.claim(['complaint-b'])).toEqual(['complaint-b']);
  });

  it('tells a waiter when the last enforcement ends, not before', async () => {
    const activity = new EnforcementActivity();
    activity.claim(['complaint-a', 'complaint-b']);
    let idle = false;
    const waiting = activity.whenIdle(60_000).then(() => (idle = true));
    activity.release(['complaint-a']);
    await Promise.resolve();
    expect(idle).toBe(false);
    activity.release(['complaint-b']);
    await waiting;
    expect(idle).toBe(true);
    await expect(activity.whenIdle(60_000)).resolves.toBeUndefined();
  });

  it('lets a waiter go after its longest wait even while enforcement goes on', async () => {
    const activity = new EnforcementActivity();
    activity.claim(['complaint-a']);
    const started = Date.now();
    await activity.whenIdle(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
