import { Module } from '@nestjs/common';
import { ProjectionsModule } from '@duban/projections';
import { QueriesModule } from '../queries/queries.module';
import { CaseAccessModule } from '../shared/case-access.module';
import { AuditPackController } from './audit-pack.controller';
import { AuditPacks } from './audit-packs';

@Module({
  imports: [CaseAccessModule, QueriesModule, ProjectionsModule],
  providers: [AuditPacks],
  controllers: [AuditPackController],
})
export class AuditModule {}
