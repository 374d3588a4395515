import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DubanMetrics, withTimedAppends } from '@duban/metrics';
import { AppConfig, resolveCustomerDataMasterKey } from '@duban/config';
import { CHECKPOINT_STORE, createEventStore, EVENT_STORE, PROJECTION_STATE_STORE, type EventStore } from '@duban/event-store';
import { ATTACHMENT_STORE, AttachmentPolicy, FilesystemAttachmentStore } from '@duban/attachments';
import { CUSTOMER_KEY_STORE, EnvelopeCustomerKeyStore, parseMasterKey, SqliteCustomerKeyRows, type CustomerKeyStore } from '@duban/personal-data';
import { createRedisConnection } from '@duban/redis';
import { eventStoreConfigOf } from './event-store-config';

/** The fail-fast Redis connection for producers on request paths (see createRedisConnection). */
export const REDIS_PRODUCER = Symbol('REDIS_PRODUCER');

@Injectable()
class PlatformShutdown implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(REDIS_PRODUCER) private readonly redis: Redis,
    @Inject(CUSTOMER_KEY_STORE) private readonly customerKeys: CustomerKeyStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    await this.store.close();
    await this.customerKeys.close();
  }
}

/**
 * Wires configuration, the configured event store, the customers' key store (its own SQLite file
 * under DATA_DIR, whatever the event store), the evidence files and their policy, and Redis for both apps.
 */
// Global: nearly every module of both apps needs the configuration, the store or the metrics; importing it would only repeat it.
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig): DynamicModule {
    mkdirSync(config.dataDir, { recursive: true });
    mkdirSync(dirname(config.customerKeysFile), { recursive: true });
    const opened = createEventStore(eventStoreConfigOf(config));
    const metrics = new DubanMetrics();
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
        { provide: DubanMetrics, useValue: metrics },
        { provide: EVENT_STORE, useValue: withTimedAppends(opened.store, metrics.storeAppendDuration) },
        { provide: CHECKPOINT_STORE, useValue: opened.checkpoints },
        { provide: PROJECTION_STATE_STORE, useValue: opened.projectionState },
        {
          provide: CUSTOMER_KEY_STORE,
          useFactory: (): CustomerKeyStore =>
            new EnvelopeCustomerKeyStore(parseMasterKey(resolveCustomerDataMasterKey(config)), new SqliteCustomerKeyRows(config.customerKeysFile, config.SQLITE_SYNCHRONOUS)),
        },
        { provide: ATTACHMENT_STORE, useValue: new FilesystemAttachmentStore(config.attachmentsDir) },
        { provide: AttachmentPolicy, useValue: new AttachmentPolicy(config.attachmentTypes, config.ATTACHMENT_MAX_BYTES) },
        redisProducer,
        PlatformShutdown,
      ],
      exports: [AppConfig, DubanMetrics, EVENT_STORE, CHECKPOINT_STORE, PROJECTION_STATE_STORE, CUSTOMER_KEY_STORE, ATTACHMENT_STORE, AttachmentPolicy, REDIS_PRODUCER],
    };
  }
}
