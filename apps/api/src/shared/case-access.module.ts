import { Module } from '@nestjs/common';
import { CaseAccess } from './case-access';
import { KnownCategoryConstraint } from './known-category';

/** What every use-case module shares: scoped access to the command handler and the category check. */
@Module({
  providers: [CaseAccess, KnownCategoryConstraint],
  exports: [CaseAccess, KnownCategoryConstraint],
})
export class CaseAccessModule {}
