import { Module } from '@nestjs/common';
import { CLOCK, systemClock, type Clock } from '@duban/command-handling';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { OrgTree } from '@duban/identity';
import { CUSTOMER_KEY_STORE, type CustomerKeyStore } from '@duban/personal-data';
import { CaseCommandHandler, CaseFollowUps, type CommandCompanion } from './case-commands';
import { customerSealing } from './customer-sealing';
import { workflowOrgTree } from './workflow-org-tree';

/** Optional token: the companions (CommandCompanion[]) every command's append includes, e.g. the SLA clocks. */
export const COMMAND_COMPANIONS = Symbol('COMMAND_COMPANIONS');

/**
 * Provides CaseCommandHandler over the app's EVENT_STORE (PlatformModule) and OrgTree (IdentityModule),
 * sealing customers' personal data under CUSTOMER_KEY_STORE (PlatformModule) before every append,
 * CaseFollowUps, and CLOCK, which tests override to control `now`. A global module that exports
 * COMMAND_COMPANIONS (SlaEnforcementModule) adds its companions; without one, commands record only
 * their own events. Not global: the modules that run commands import it.
 */
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    {
      provide: CaseCommandHandler,
      inject: [EVENT_STORE, CLOCK, OrgTree, CUSTOMER_KEY_STORE, { token: COMMAND_COMPANIONS, optional: true }],
      useFactory: (store: EventStore, clock: Clock, orgTree: OrgTree, customerKeys: CustomerKeyStore, companions: readonly CommandCompanion[] | undefined): CaseCommandHandler =>
        new CaseCommandHandler(store, clock, workflowOrgTree(orgTree), { companions, protectPersonalData: customerSealing(customerKeys) }),
    },
    {
      provide: CaseFollowUps,
      inject: [EVENT_STORE, CaseCommandHandler],
      useFactory: (store: EventStore, commands: CaseCommandHandler) => new CaseFollowUps(store, commands),
    },
  ],
  exports: [CLOCK, CaseCommandHandler, CaseFollowUps],
})
export class CasesModule {}
