import { ClockCommandRejectedError, SlaValidationError } from '@duban/sla';
import { ForbiddenByRoleError, type Actor } from '@duban/workflow';
import { COMPLAINTS } from '@duban/cases';
import { decideClockCommand, type ClockCommand } from './clock-commands';
import { UnknownClockError } from './errors';
import { asRequest, handler, head, plus, registered, slaSetUp, staticRules } from './testing/sla-test-kit';

const SECOND = 1000;
const extension = { type: 'extend', clockId: 'reply', reason: '案情复杂', customerNotifiedAt: '2025-03-03T01:00:00.000Z' } as const;

function setUp() {
  const rules = staticRules();
  const kit = slaSetUp(rules);
  const run = (command: ClockCommand, actor: Actor) =>
    kit.commands.executeDecision(COMPLAINTS, 'c1', (current, context) => decideClockCommand('complaint', current, command, context, rules.rules), asRequest(actor));
  return { ...kit, run };
}

describe('decideClockCommand', () => {
  it('lets an approver from a unit above the responsible one extend to the next total, counted from the start', async () => {
    const { commands, run } = setUp();
    await registered(commands);
    const extended = await run(extension, { id: 'supervisor.one', role: 'supervisor', unitId: 'anshan' });
    expect(extended.recorded[0].data).toMatchObject({ approverId: 'supervisor.one', approverUnitId: 'anshan', duration: 'PT1M', dueAt: plus(60 * SECOND) });
  });

  it('refuses an approver of the responsible unit itself (forbidden), a role that cannot approve, and a step the policy does not grant', async () => {
    const { commands, run } = setUp();
    await registered(commands);
    await commands.execute(COMPLAINTS, 'c1', { type: 'escalate', reason: '上报' }, asRequest(head));
    await expect(run(extension, head)).rejects.toMatchObject({ constructor: ClockCommandRejectedError, forbidden: true });
    await expect(run(extension, handler)).rejects.toBeInstanceOf(ForbiddenByRoleError);
    await expect(run({ ...extension, duration: 'P30D' }, { id: 'supervisor.one', role: 'supervisor', unitId: 'anshan' })).rejects.toBeInstanceOf(SlaValidationError);
  });

  it('pauses and resumes, moving the due time by the paused time; refuses an unknown clock', async () => {
    const { commands, clock, run } = setUp();
    await registered(commands);
    clock.advance(SECOND);
    await run({ type: 'pause', clockId: 'reply', reason: 'external_appraisal' }, handler);
    clock.advance(30 * SECOND);
    const resumed = await run({ type: 'resume', clockId: 'reply' }, handler);
    expect(resumed.recorded[0].data).toMatchObject({ pausedMs: 30 * SECOND, dueAt: plus(35 * SECOND) });
    await expect(run({ type: 'reset', clockId: 'decide', reason: '新事实' }, handler)).rejects.toBeInstanceOf(UnknownClockError);
  });
});
