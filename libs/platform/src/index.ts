export * from './platform.module';
export * from './identity-options';
export * from './event-store-config';
export { runDubanProcess, type DubanApp, type DubanPlatform } from './bootstrap/run-duban-process';
