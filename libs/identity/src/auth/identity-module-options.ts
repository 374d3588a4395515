export interface IdentityModuleOptions {
  /** JSON file with units, categories and users (the app passes ORG_CONFIG_FILE). */
  readonly configFile: string;
  /** Users without a passwordHash log in with `demoPassword`. Refused when NODE_ENV=production. */
  readonly demoMode: boolean;
  /** Defaults to 'demo-password'. */
  readonly demoPassword?: string;
  /** HS256 key; at least 32 characters so it carries 256 bits of secret. */
  readonly jwtSecret: string;
  /** Defaults to one hour. */
  readonly tokenTtlSeconds?: number;
  /** Defaults to process.env.NODE_ENV; injectable so tests can exercise the production refusal. */
  readonly nodeEnv?: string;
}

export const IDENTITY_MODULE_OPTIONS = Symbol('IDENTITY_MODULE_OPTIONS');
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
export const MIN_JWT_SECRET_LENGTH = 32;
/** Relative to the working directory, which is the repository root for the app and the demo. */
export const DEMO_ORG_CONFIG_FILE = 'config/organisation.demo.json';
