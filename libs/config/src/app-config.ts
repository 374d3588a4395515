import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsJSON, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { join, resolve } from 'node:path';

export const EVENT_STORE_KINDS = ['sqlite', 'postgres', 'eventstoredb'] as const;
export const SQLITE_SYNCHRONOUS_MODES = ['NORMAL', 'FULL', 'EXTRA'] as const;
export const NODE_ENVIRONMENTS = ['development', 'test', 'production'] as const;
/** The schemes the installed client (@eventstore/db-client 6.2.1) parses; kurrentdb:// and kdb:// need the newer KurrentDB client. */
export const EVENTSTORE_CONNECTION_STRING_PATTERN = /^(esdb|esdb\+discover):\/\/.+/;
/** Which processes try for the role of building the read models shared in PostgreSQL. */
export const PROJECTOR_CANDIDATE_KINDS = ['workers', 'all'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** Environment variables arrive as strings: a numeric setting is read as a number (an absent one stays absent). */
const NumberFromEnv = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (value === undefined ? value : Number(value)));
/** A flag is on unless given as 'false' or '0'. */
const FlagFromEnv = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value !== 'false' && value !== '0' : value));

/**
 * Every setting the apps read from the environment, validated once at start-up. Each bad value
 * produces one line naming the variable and the rule, so an operator fixes them all in one go.
 */
export class AppConfig {
  @IsIn(NODE_ENVIRONMENTS)
  NODE_ENV: (typeof NODE_ENVIRONMENTS)[number] = 'development';

  /** Where the embedded store, the spawned Redis and other local state live. */
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @NumberFromEnv()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsIn(EVENT_STORE_KINDS)
  EVENT_STORE: (typeof EVENT_STORE_KINDS)[number] = 'sqlite';

  @IsOptional()
  @Matches(EVENTSTORE_CONNECTION_STRING_PATTERN, {
    message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// (or esdb+discover://) connection string',
  })
  EVENTSTORE_CONNECTION_STRING?: string;

  /** The PostgreSQL server of EVENT_STORE=postgres, e.g. postgres://duban@db.example:5432/duban. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** The PostgreSQL schema holding the event store's tables (EVENT_STORE=postgres); created when missing. */
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'POSTGRES_SCHEMA must be a lower-case identifier of at most 63 characters' })
  POSTGRES_SCHEMA = 'duban';

  /**
   * EVENT_STORE=postgres: which processes may build the shared read models, one at a time. `workers`
   * by default (every installation runs one to fire deadlines, and folding stays off the request
   * path); `all` lets API instances take the role too, for a set-up without a worker.
   */
  @IsIn(PROJECTOR_CANDIDATE_KINDS)
  PROJECTOR_CANDIDATES: (typeof PROJECTOR_CANDIDATE_KINDS)[number] = 'workers';

  /** FULL by default: an acknowledged audit event must survive power loss. */
  @IsIn(SQLITE_SYNCHRONOUS_MODES)
  SQLITE_SYNCHRONOUS: (typeof SQLITE_SYNCHRONOUS_MODES)[number] = 'FULL';

  /** Start a local redis-server under DATA_DIR when nothing answers at REDIS_URL. */
  @FlagFromEnv()
  REDIS_AUTOSTART = true;

  /** The organisation and users file; unset means the shipped demo organisation (demo mode). */
  @IsOptional()
  @IsString()
  ORG_CONFIG_FILE?: string;

  /** Password of every demo user; demo mode only, refused in production. */
  @IsOptional()
  @IsString()
  @MinLength(8)
  DEMO_PASSWORD?: string;

  /** HS256 signing secret for access tokens; unset outside production means one generated per DATA_DIR. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  /**
   * Wraps every customer's data key (personal data is sealed per customer): 32 bytes as 64 hex
   * digits or base64. Unset outside production means one generated per DATA_DIR.
   */
  @IsOptional()
  @Matches(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, { message: 'CUSTOMER_DATA_MASTER_KEY must be 32 bytes as 64 hex digits or base64' })
  CUSTOMER_DATA_MASTER_KEY?: string;

  /**
   * The customers' wrapped data keys (SQLite). Every process that seals or opens customer data must
   * use the same file, so several containers share it on one volume; unset means DATA_DIR/customer-keys.sqlite.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  CUSTOMER_KEYS_FILE?: string;

  @NumberFromEnv()
  @IsInt()
  @Min(60)
  TOKEN_TTL_SECONDS = 3600;

  /** The shipped SLA policy set; it becomes version 1 of the `sla_policies` stream the first time the SLA rules are read. */
  @IsString()
  @MinLength(1)
  SLA_POLICY_FILE = 'config/sla/policies.default.json';

  /** Directory of shipped calendars (`*.json`); each becomes version 1 of its `calendar-<id>` stream on first use. */
  @IsString()
  @MinLength(1)
  SLA_CALENDARS_DIR = 'config/sla/calendars';

  /** Directory of shipped checklist templates (`<id>.json`); each becomes version 1 of its `checklist-<id>` stream on first use. */
  @IsString()
  @MinLength(1)
  CHECKLISTS_DIR = 'config/checklists';

  /** Directory of shipped scoring schemes (`<id>.json`); each becomes version 1 of its `scoring-scheme-<id>` stream on first use. */
  @IsString()
  @MinLength(1)
  SCORING_SCHEMES_DIR = 'config/scoring';

  /** The built web console (`npm run build`), served at `/`; when it is missing, `/` says how to build it. */
  @IsString()
  @MinLength(1)
  CONSOLE_DIR = 'dist/apps/console';

  /** How long a process reuses the policies and calendars it read; edits in other processes show after at most this long. */
  @NumberFromEnv()
  @IsInt()
  @Min(0)
  SLA_RULES_CACHE_MS = 5000;

  /** The most cases one POST /sla/simulate replays; a larger range is refused (422). */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  SLA_SIMULATION_MAX_CASES = 2000;

  /** How often the worker's sweeper looks for due or unscheduled deadlines (the queue's safety net). */
  @NumberFromEnv()
  @IsInt()
  @Min(100)
  SWEEP_INTERVAL_MS = 30_000;

  /** Prefix of every BullMQ key, so several installations (or test runs) can share one Redis. */
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'QUEUE_PREFIX may contain letters, digits, _ . - only' })
  QUEUE_PREFIX = 'duban';

  /** Webhooks for notifications: JSON {"units": {"<unitId>": {"url", "secret"}}, "default": {"url", "secret"}}. */
  @IsOptional()
  @IsJSON({ message: 'NOTIFICATION_WEBHOOKS must be a JSON object {"units": {...}, "default": {...}}' })
  NOTIFICATION_WEBHOOKS?: string;

  @NumberFromEnv()
  @IsInt()
  @Min(100)
  WEBHOOK_TIMEOUT_MS = 5_000;

  /** How long a query with `?minPosition=` waits for the read models to reach that position before answering 503. */
  @NumberFromEnv()
  @IsInt()
  @Min(0)
  PROJECTION_WAIT_MS = 5_000;

  /** How often the worker anchors the streams changed since the last integrity checkpoint (tamper evidence). */
  @NumberFromEnv()
  @IsInt()
  @Min(100)
  INTEGRITY_CHECKPOINT_INTERVAL_MS = 60_000;

  /**
   * Requests one principal (the token's user, otherwise the client address) may make per minute
   * on this API instance, in a burst or spread out; more are answered 429 with Retry-After.
   */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Port of the worker's Prometheus endpoint (GET /metrics); 0 turns it off. The API serves /metrics on PORT. */
  @NumberFromEnv()
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_METRICS_PORT = 0;

  /** The least severe log line written (JSON, one object per line on stdout). */
  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** On SIGTERM the API stops taking requests and waits this long for those in flight before it closes. */
  @NumberFromEnv()
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_MS = 10_000;

  /**
   * How long the API keeps an idle keep-alive connection open. Above the idle reuse window of the
   * clients and load balancers in front (60 s is common), so a connection is never closed by the
   * server just as a client sends on it; clients are told 5 s less (see apps/api/src/keep-alive.ts).
   * At most 240 s: a request's headers are allowed a second longer, within Node's 300 s request timeout.
   */
  @NumberFromEnv()
  @IsInt()
  @Min(10_000)
  @Max(240_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 65_000;

  /** Sign-in attempts (POST /auth/token) per minute for one client address and username, right or wrong, against password guessing. */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  LOGIN_ATTEMPTS_PER_MINUTE = 10;

  /** Media types taken as evidence (comma-separated); anything else is refused with 415. */
  @Matches(/^\s*[a-z0-9.+-]+\/[a-z0-9.+-]+\s*(,\s*[a-z0-9.+-]+\/[a-z0-9.+-]+\s*)*$/i, {
    message: 'ATTACHMENT_TYPES must be media types separated by commas, e.g. application/pdf,image/jpeg',
  })
  ATTACHMENT_TYPES = 'application/pdf,image/jpeg,image/png,image/tiff,text/plain';

  /** The largest evidence file in bytes (20 MiB by default); a larger one is refused with 413 before it is read. */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

  /** Repeat offender (屡犯): an employee with at least this many violations (not annulled) in REPEAT_OFFENDER_MONTHS is flagged in their service file. */
  @NumberFromEnv()
  @IsInt()
  @Min(2)
  REPEAT_OFFENDER_VIOLATIONS = 3;

  /** The window of the repeat-offender rule, in months back from today. */
  @NumberFromEnv()
  @IsInt()
  @Min(1)
  @Max(120)
  REPEAT_OFFENDER_MONTHS = 12;

  /** Where evidence files are kept, content-addressed; unset means DATA_DIR/attachments. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  ATTACHMENTS_DIR?: string;

  get attachmentTypes(): string[] {
    return this.ATTACHMENT_TYPES.split(',').map((type) => type.trim().toLowerCase());
  }

  get attachmentsDir(): string {
    return resolve(this.ATTACHMENTS_DIR ?? join(this.DATA_DIR, 'attachments'));
  }

  get demoMode(): boolean {
    return this.ORG_CONFIG_FILE === undefined;
  }

  get dataDir(): string {
    return resolve(this.DATA_DIR);
  }

  get sqliteFile(): string {
    return resolve(this.DATA_DIR, 'events.sqlite');
  }

  /** The customers' wrapped data keys: outside the event log, so destroying one erases that customer. */
  get customerKeysFile(): string {
    return this.CUSTOMER_KEYS_FILE === undefined ? resolve(this.DATA_DIR, 'customer-keys.sqlite') : resolve(this.CUSTOMER_KEYS_FILE);
  }

  /** The read models (projections) of this process: rebuildable from the events, never the record. */
  get readModelsFile(): string {
    return resolve(this.DATA_DIR, 'read-models.sqlite');
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }
}

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidConfigurationError';
  }
}

/** Reads and validates the configuration; unknown variables are ignored, known ones checked. */
/** The names of every environment variable the apps read. */
export function configurationVariables(): string[] {
  return Object.keys(new AppConfig());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = configurationVariables();
  const provided = Object.fromEntries(known.filter((key) => env[key] !== undefined && env[key] !== '').map((key) => [key, env[key]]));
  const config = plainToInstance(AppConfig, provided, { exposeDefaultValues: true });
  const problems = validateSync(config, { stopAtFirstError: true }).map((error) => `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`);
  if (config.EVENT_STORE === 'eventstoredb' && !config.EVENTSTORE_CONNECTION_STRING) {
    problems.push('EVENTSTORE_CONNECTION_STRING: required when EVENT_STORE=eventstoredb');
  }
  if (config.EVENT_STORE === 'postgres' && !config.DATABASE_URL) {
    problems.push('DATABASE_URL: required when EVENT_STORE=postgres');
  }
  if (config.isProduction && !config.JWT_SECRET) {
    problems.push('JWT_SECRET: required when NODE_ENV=production');
  }
  if (config.isProduction && !config.CUSTOMER_DATA_MASTER_KEY) {
    problems.push('CUSTOMER_DATA_MASTER_KEY: required when NODE_ENV=production');
  }
  if (problems.length > 0) throw new InvalidConfigurationError(problems);
  return config;
}
