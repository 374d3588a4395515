import { Module } from '@nestjs/common';
import { ProjectionsModule } from '@duban/projections';
import { CaseListing } from './case-listing';
import { ReadModelConsistency } from './read-model-consistency';
import { ScopedUnits } from './scoped-units';
import { ListComplaintsController, ListFindingsController } from './list-cases.controller';

@Module({
  imports: [ProjectionsModule],
  providers: [CaseListing, ReadModelConsistency, ScopedUnits],
  exports: [CaseListing, ReadModelConsistency, ScopedUnits],
  controllers: [ListComplaintsController, ListFindingsController],
})
export class QueriesModule {}
