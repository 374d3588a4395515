import { Global, Logger, Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { OrgTree } from '@duban/identity';
import { CLOCK, systemClock, type Clock } from './clock';
import { CommandHandler } from './command-handler';
import { workflowOrgTree } from './workflow-org-tree';

/**
 * Provides CommandHandler over the app's EVENT_STORE (PlatformModule) and OrgTree (IdentityModule),
 * and CLOCK, which tests override to control `now`.
 */
@Global()
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    {
      provide: CommandHandler,
      inject: [EVENT_STORE, CLOCK, OrgTree],
      useFactory: (store: EventStore, clock: Clock, orgTree: OrgTree): CommandHandler => {
        const logger = new Logger('CommandHandler');
        return new CommandHandler(store, clock, workflowOrgTree(orgTree), {
          onFollowUpFailed: (error, followUp) =>
            logger.error(`Could not create ${followUp.aggregate.kind} ${followUp.id} (retried on next access): ${String(error)}`),
        });
      },
    },
  ],
  exports: [CLOCK, CommandHandler],
})
export class CommandHandlingModule {}
