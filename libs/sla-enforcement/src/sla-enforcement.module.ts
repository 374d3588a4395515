import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { CLOCK, type Clock } from '@duban/command-handling';
import { CasesModule, COMMAND_COMPANIONS, CaseCommandHandler } from '@duban/cases';
import type { AppConfig } from '@duban/config';
import { EVENT_STORE, PROJECTION_STATE_STORE, type EventStore, type ProjectionStateStore } from '@duban/event-store';
import { CalendarRecalculation } from './calendar-recalculation';
import { DeadlineEnforcer } from './deadline-enforcer';
import { OpenClockIndex } from './open-clock-index';
import { SlaCompanion } from './sla-companion';
import { EventSourcedSlaRules, loadSlaSeed } from './sla-rules';

/**
 * Nest wiring of the SLA layer for both apps: the policies and calendars (EventSourcedSlaRules,
 * seeded from SLA_POLICY_FILE and SLA_CALENDARS_DIR), the SLA companion of every command
 * (COMMAND_COMPANIONS, picked up by CasesModule), DeadlineEnforcer, OpenClockIndex and CalendarRecalculation.
 * Needs PlatformModule (EVENT_STORE; PROJECTION_STATE_STORE keeps the open-clock index between starts); imports CasesModule (CLOCK, CaseCommandHandler).
 */
// Global: the global CommandHandlingModule finds COMMAND_COMPANIONS here while this module needs its CommandHandler; importing would be a cycle.
@Global()
@Module({})
export class SlaEnforcementModule {
  static forRoot(config: Pick<AppConfig, 'SLA_POLICY_FILE' | 'SLA_CALENDARS_DIR' | 'SLA_RULES_CACHE_MS'>): DynamicModule {
    // Read at start-up, so a broken policy or calendar file stops the app instead of the first command.
    const seed = loadSlaSeed(config.SLA_POLICY_FILE, config.SLA_CALENDARS_DIR);
    const logger = new Logger('SlaEnforcement');
    return {
      module: SlaEnforcementModule,
      imports: [CasesModule],
      providers: [
        {
          provide: EventSourcedSlaRules,
          inject: [EVENT_STORE, CLOCK],
          useFactory: (store: EventStore, clock: Clock) => new EventSourcedSlaRules(store, clock, seed, { cacheMs: config.SLA_RULES_CACHE_MS }),
        },
        { provide: COMMAND_COMPANIONS, inject: [EventSourcedSlaRules], useFactory: (rules: EventSourcedSlaRules) => [new SlaCompanion(rules)] },
        {
          provide: DeadlineEnforcer,
          inject: [CaseCommandHandler, EventSourcedSlaRules],
          useFactory: (commands: CaseCommandHandler, rules: EventSourcedSlaRules) => new DeadlineEnforcer(commands, rules),
        },
        {
          provide: OpenClockIndex,
          inject: [EVENT_STORE, EventSourcedSlaRules, { token: PROJECTION_STATE_STORE, optional: true }],
          useFactory: (store: EventStore, rules: EventSourcedSlaRules, state: ProjectionStateStore | undefined) =>
            new OpenClockIndex(store, rules, { state, onCorruptStream: (stream, error) => logger.error(`SLA clocks of ${stream} do not fold; left out: ${String(error)}`) }),
        },
        {
          provide: CalendarRecalculation,
          inject: [CaseCommandHandler, OpenClockIndex],
          useFactory: (commands: CaseCommandHandler, openClocks: OpenClockIndex) => new CalendarRecalculation(commands, openClocks),
        },
      ],
      exports: [EventSourcedSlaRules, COMMAND_COMPANIONS, DeadlineEnforcer, OpenClockIndex, CalendarRecalculation],
    };
  }
}
