export { EVENTSTORE_CONNECTION_STRING_PATTERN, LOG_LEVELS, AppConfig, InvalidConfigurationError, configurationVariables, loadConfig } from './app-config';
export { resolveJwtSecret } from './jwt-secret';
export { resolveCustomerDataMasterKey } from './customer-data-master-key';
