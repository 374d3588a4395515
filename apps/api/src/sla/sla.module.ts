import { Module } from '@nestjs/common';
import { ComplaintViewDto } from '../complaints/complaint-view.dto';
import { FindingViewDto } from '../findings/finding-view.dto';
import { CaseAccessModule } from '../shared/case-access.module';
import { CalendarsController } from './calendars.controller';
import { clockCommandController } from './clock-commands/clock-command-routes';
import { SlaPoliciesController } from './sla-policies.controller';
import { SlaRulesEditors } from './sla-rules-editors';

/** SLA policies and calendars (GET/PUT), and the clock commands of complaints and findings. */
@Module({
  imports: [CaseAccessModule],
  providers: [SlaRulesEditors],
  controllers: [
    SlaPoliciesController,
    CalendarsController,
    clockCommandController('complaint', 'complaints', ComplaintViewDto),
    clockCommandController('finding', 'findings', FindingViewDto),
  ],
})
export class SlaModule {}
