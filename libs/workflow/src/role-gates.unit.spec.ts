import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { ROLE_GATES } from './role-gates';
import type { StoredEvent } from './shared/event-envelope';
import { ROLES, type Role } from './shared/context';
import { ForbiddenByRoleError, NotResponsibleUnitError } from './shared/errors';
import { complaintLifecycle } from './testing/complaint.lifecycle';
import { actorWith } from './testing/fixtures';
import { findingLifecycle } from './testing/finding.lifecycle';
import { inspectionLifecycle } from './testing/inspection.lifecycle';
import { reachableStates, sampleDecision, type LifecycleSpec } from './testing/lifecycle-harness';

const gatesOf = (kind: keyof typeof ROLE_GATES): Record<string, readonly Role[]> => ROLE_GATES[kind];

describe('role gates', () => {
  it('gives auditors no command at all, and admins only the lawful erasure of customer data', () => {
    for (const kind of Object.keys(ROLE_GATES) as (keyof typeof ROLE_GATES)[]) {
      for (const [command, roles] of Object.entries(gatesOf(kind))) {
        expect(roles).not.toContain('auditor');
        if (command === 'erase-customer-data') expect(roles).toEqual(['admin']);
        else expect(roles).not.toContain('admin');
      }
    }
  });

  it.each([
    ['complaint', 'escalate', ['unit_head', 'supervisor', 'system']],
    ['complaint', 'close', ['unit_head']],
    ['finding', 'escalate', ['unit_head', 'supervisor', 'system']],
    ['finding', 'close', ['unit_head', 'supervisor']],
    // A unit head raises the findings of their unit's self-inspection (自查).
    ['finding', 'raise', ['inspector', 'supervisor', 'unit_head', 'system']],
    ['finding', 'verify', ['inspector', 'supervisor']],
    ['finding', 'plan', ['handler', 'unit_head']],
    ['finding', 'report', ['handler', 'unit_head']],
    ['inspection', 'open', ['inspector', 'supervisor', 'unit_head']],
  ] as const)('%s %s is for %j', (kind, command, roles) => {
    expect(new Set(gatesOf(kind)[command])).toEqual(new Set(roles));
  });

  // Every (command, role) pair of the tables, tried in a state where the machine allows the command.
  function enforcedEverywhere<TState extends AnyMachineSnapshot, TEvent extends EventObject & StoredEvent, TCommand extends { type: string }>(
    lifecycle: LifecycleSpec<TState, TEvent, TCommand>,
  ): void {
    const { decider } = lifecycle;
    const states = reachableStates(lifecycle);
    const pairs = decider.commandTypes.flatMap((command) => ROLES.map((role) => [command, role] as const));
    it.each(pairs)(`${decider.kind} %s by %s follows the table`, (command, role) => {
      const state = states.find((candidate) => decider.allowedCommands(candidate).includes(command));
      expect(state).toBeDefined();
      const { command: payload, context } = sampleDecision(lifecycle, state!, command);
      let outcome: unknown = null;
      try {
        decider.decide(state!, payload, { ...context, actor: actorWith(role, `${role}-gate-test`) });
      } catch (error) {
        outcome = error;
      }
      // The gate lets the role through; where the actor stands (a unit head and their own unit's self-inspection) may still refuse.
      if (decider.roleGates[command].includes(role)) expect(outcome === null || outcome instanceof NotResponsibleUnitError).toBe(true);
      else expect(outcome).toBeInstanceOf(ForbiddenByRoleError);
    });
  }

  enforcedEverywhere(complaintLifecycle);
  enforcedEverywhere(findingLifecycle);
  enforcedEverywhere(inspectionLifecycle);
});
