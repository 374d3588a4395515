export * from './platform.module';
export * from './identity-options';
export * from './event-store-config';
export * from './bootstrap/run-duban-process';
