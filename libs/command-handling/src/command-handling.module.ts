import { Global, Logger, Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { OrgTree } from '@duban/identity';
import { CUSTOMER_KEY_STORE, type CustomerKeyStore } from '@duban/personal-data';
import { CLOCK, systemClock, type Clock } from './clock';
import { CommandHandler } from './command-handler';
import type { CommandCompanion } from './companion';
import { customerSealing } from './customer-sealing';
import { workflowOrgTree } from './workflow-org-tree';

/** Optional token: the companions (CommandCompanion[]) every command's append includes, e.g. the SLA clocks. */
export const COMMAND_COMPANIONS = Symbol('COMMAND_COMPANIONS');

/**
 * Provides CommandHandler over the app's EVENT_STORE (PlatformModule) and OrgTree (IdentityModule),
 * sealing customers' personal data under CUSTOMER_KEY_STORE (PlatformModule) before every append,
 * and CLOCK, which tests override to control `now`. A global module that exports COMMAND_COMPANIONS
 * (SlaEnforcementModule) adds its companions; without one, commands record only their own events.
 */
@Global()
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    {
      provide: CommandHandler,
      inject: [EVENT_STORE, CLOCK, OrgTree, CUSTOMER_KEY_STORE, { token: COMMAND_COMPANIONS, optional: true }],
      useFactory: (store: EventStore, clock: Clock, orgTree: OrgTree, customerKeys: CustomerKeyStore, companions: readonly CommandCompanion[] | undefined): CommandHandler => {
        const logger = new Logger('CommandHandler');
        return new CommandHandler(store, clock, workflowOrgTree(orgTree), {
          companions,
          protectPersonalData: customerSealing(customerKeys),
          onFollowUpFailed: (error, followUp) => logger.error(`Could not create ${followUp.aggregate.kind} ${followUp.id} (retried on next access): ${String(error)}`),
        });
      },
    },
  ],
  exports: [CLOCK, CommandHandler],
})
export class CommandHandlingModule {}
