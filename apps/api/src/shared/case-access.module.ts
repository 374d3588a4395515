import { Module } from '@nestjs/common';
import { CasesModule } from '@duban/cases';
import { AuditReadRecorder } from '../audit/audit-read-recorder';
import { CaseHistory } from '../audit/case-history';
import { DeadlineSchedulingModule } from '../sla/deadline-scheduling.module';
import { AggregatePresenter } from './aggregate-presenter';
import { CaseAccess } from './case-access';
import { CustomerDisclosure } from './customer-disclosure';
import { KnownCategoryConstraint } from './known-category';
import { EmployeeDisclosure } from '../staff/employee-disclosure';
import { EmployeeErasures } from '../staff/employee-erasures';
import { KnownStaffMemberConstraint } from '../staff/known-staff-member';
import { SignOffUnits } from './sign-off-units';
import { ResponsibilityDecisionCheck } from './responsibility-decision';

/** What every use-case module shares: scoped access to the command handler, the views and histories it answers with (customer disclosed per role), the category check and the audit log of reads. */
@Module({
  imports: [DeadlineSchedulingModule, CasesModule],
  providers: [
    CaseAccess,
    AggregatePresenter,
    CustomerDisclosure,
    EmployeeDisclosure,
    EmployeeErasures,
    KnownCategoryConstraint,
    KnownStaffMemberConstraint,
    CaseHistory,
    AuditReadRecorder,
    SignOffUnits,
    ResponsibilityDecisionCheck,
  ],
  exports: [
    CasesModule,
    CaseAccess,
    AggregatePresenter,
    CustomerDisclosure,
    EmployeeDisclosure,
    EmployeeErasures,
    KnownCategoryConstraint,
    KnownStaffMemberConstraint,
    CaseHistory,
    AuditReadRecorder,
    SignOffUnits,
  ],
})
export class CaseAccessModule {}
