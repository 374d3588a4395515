export * from './app-config';
export * from './jwt-secret';
export * from './customer-data-master-key';
