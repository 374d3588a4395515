export * from './platform.module';
export * from './identity-options';
