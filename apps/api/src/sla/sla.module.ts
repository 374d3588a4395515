import { Module } from '@nestjs/common';
import { ComplaintViewDto } from '../complaints/complaint-view.dto';
import { FindingViewDto } from '../findings/finding-view.dto';
import { CaseAccessModule } from '../shared/case-access.module';
import { CalendarDueController } from './calendar-due/calendar-due.controller';
import { CalendarsController } from './calendars.controller';
import { DeadlineSchedulingModule } from './deadline-scheduling.module';
import { clockCommandController } from './clock-commands/clock-command-routes';
import { SlaPoliciesController } from './sla-policies.controller';
import { SlaRulesEditors } from './sla-rules-editors';
import { SimulatePolicyController } from './simulate-policy/simulate-policy.controller';
import { SimulatePolicyService } from './simulate-policy/simulate-policy.service';

/** SLA policies and calendars (GET/PUT, the deadline calculator), policy back-tests, and the clock commands of complaints and findings. */
@Module({
  imports: [CaseAccessModule, DeadlineSchedulingModule],
  providers: [SlaRulesEditors, SimulatePolicyService],
  controllers: [
    SlaPoliciesController,
    CalendarsController,
    CalendarDueController,
    SimulatePolicyController,
    clockCommandController('complaint', 'complaints', ComplaintViewDto),
    clockCommandController('finding', 'findings', FindingViewDto),
  ],
})
export class SlaModule {}
