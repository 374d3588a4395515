import { Module } from '@nestjs/common';
import { RequestRateLimits } from './request-rate-limits';

/** Provides RequestRateLimits; configureApiApp mounts its middleware around the body parsers. */
@Module({ providers: [RequestRateLimits], exports: [RequestRateLimits] })
export class RateLimitsModule {}
