export { REDIS_PRODUCER, PlatformModule } from './platform.module';
export { identityOptionsOf } from './identity-options';
export { eventStoreConfigOf } from './event-store-config';
export { runDubanProcess } from './bootstrap/run-duban-process';
