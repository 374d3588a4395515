import { Module } from '@nestjs/common';
import { AggregatePresenter } from './aggregate-presenter';
import { CaseAccess } from './case-access';
import { KnownCategoryConstraint } from './known-category';

/** What every use-case module shares: scoped access to the command handler, the views it answers with, and the category check. */
@Module({
  providers: [CaseAccess, AggregatePresenter, KnownCategoryConstraint],
  exports: [CaseAccess, AggregatePresenter, KnownCategoryConstraint],
})
export class CaseAccessModule {}
