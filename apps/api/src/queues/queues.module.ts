import { Module } from '@nestjs/common';
import { QueriesModule } from '../queries/queries.module';
import { QueuesController } from './queues.controller';

@Module({
  imports: [QueriesModule],
  controllers: [QueuesController],
})
export class QueuesModule {}
