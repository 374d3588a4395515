import { Module } from '@nestjs/common';
import { ComplaintViewDto } from '../complaints/complaint-view.dto';
import { FindingViewDto } from '../findings/finding-view.dto';
import { CaseAccessModule } from '../shared/case-access.module';
import { CalendarsController } from './calendars.controller';
import { clockCommandController } from './clock-commands/clock-command-routes';
import { SlaPoliciesController } from './sla-policies.controller';
import { SlaRulesEditors } from './sla-rules-editors';
import { SimulatePolicyController } from './simulate-policy/simulate-policy.controller';
import { SimulatePolicyService } from './simulate-policy/simulate-policy.service';

/** SLA policies and calendars (GET/PUT), policy back-tests, and the clock commands of complaints and findings. */
@Module({
  imports: [CaseAccessModule],
  providers: [SlaRulesEditors, SimulatePolicyService],
  controllers: [
    SlaPoliciesController,
    CalendarsController,
    SimulatePolicyController,
    clockCommandController('complaint', 'complaints', ComplaintViewDto),
    clockCommandController('finding', 'findings', FindingViewDto),
  ],
})
export class SlaModule {}
