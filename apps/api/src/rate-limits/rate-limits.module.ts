import { Module } from '@nestjs/common';
import { CasesModule } from '@duban/cases';
import { RequestRateLimits } from './request-rate-limits';

/** Provides RequestRateLimits; configureApiApp mounts its middleware around the body parsers. */
@Module({ imports: [CasesModule], providers: [RequestRateLimits], exports: [RequestRateLimits] })
export class RateLimitsModule {}
