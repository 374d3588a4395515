import { Module } from '@nestjs/common';
import { CaseListing } from './case-listing';
import { ListComplaintsController, ListFindingsController } from './list-cases.controller';

@Module({
  providers: [CaseListing],
  exports: [CaseListing],
  controllers: [ListComplaintsController, ListFindingsController],
})
export class QueriesModule {}
