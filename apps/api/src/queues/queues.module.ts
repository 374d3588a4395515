import { Module } from '@nestjs/common';
import { QueriesModule } from '../queries/queries.module';
import { SignOffUnits } from '../shared/sign-off-units';
import { QueuesController } from './queues.controller';

@Module({
  imports: [QueriesModule],
  controllers: [QueuesController],
  providers: [SignOffUnits],
})
export class QueuesModule {}
