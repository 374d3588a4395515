import { Module } from '@nestjs/common';
import { QueriesModule } from '../queries/queries.module';
import { CaseAccessModule } from '../shared/case-access.module';
import { CircularController } from './circular-routes';
import { DraftCircularController } from './draft-circular/draft-circular.controller';
import { CircularRegister } from './list-circulars/circular-register';
import { ListCircularsController } from './list-circulars/list-circulars.controller';

/** Circulars (通报), deadline notices (限期整改通知) and briefings (简报): see docs/circulars.md. */
@Module({
  imports: [CaseAccessModule, QueriesModule],
  providers: [CircularRegister],
  // The register first: GET /circulars/counts before GET /circulars/:id.
  controllers: [ListCircularsController, DraftCircularController, CircularController],
})
export class CircularsModule {}
