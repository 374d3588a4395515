import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { mkdirSync } from 'node:fs';
import { AppConfig } from '@duban/config';
import { CHECKPOINT_STORE, createEventStore, EVENT_STORE, type EventStore } from '@duban/event-store';
import { createRedisConnection } from '@duban/redis';
import { eventStoreConfigOf } from './event-store-config';

/** The fail-fast Redis connection for producers on request paths (see createRedisConnection). */
export const REDIS_PRODUCER = Symbol('REDIS_PRODUCER');

@Injectable()
class PlatformShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS_PRODUCER) private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await this.store.close();
  }
}

/** Wires configuration, the configured event store and Redis for both apps. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig): DynamicModule {
    mkdirSync(config.dataDir, { recursive: true });
    const opened = createEventStore(eventStoreConfigOf(config));
    const redisProducer = {
      provide: REDIS_PRODUCER,
      useFactory: () => {
        const connection = createRedisConnection(config.REDIS_URL, 'producer');
        connection.on('error', () => undefined); // readiness reports Redis outages; no log storm
        return connection;
      },
    };
    return {
      module: PlatformModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: EVENT_STORE, useValue: opened.store },
        { provide: CHECKPOINT_STORE, useValue: opened.checkpoints },
        redisProducer,
        PlatformShutdown,
      ],
      exports: [AppConfig, EVENT_STORE, CHECKPOINT_STORE, REDIS_PRODUCER],
    };
  }
}
