import { EventStoreDBClient } from '@eventstore/db-client';
import { InvalidConfigurationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      REDIS_URL: 'redis://127.0.0.1:6379',
      EVENT_STORE: 'sqlite',
      SQLITE_SYNCHRONOUS: 'FULL',
      REDIS_AUTOSTART: true,
    });
    expect(config.sqliteFile).toMatch(/data[\\/]events\.sqlite$/);
  });

  it('reads and converts values from the environment', () => {
    const config = loadConfig({ PORT: '8080', DATA_DIR: '/tmp/x', REDIS_AUTOSTART: 'false', SQLITE_SYNCHRONOUS: 'NORMAL' });
    expect(config.PORT).toBe(8080);
    expect(config.REDIS_AUTOSTART).toBe(false);
    expect(config.sqliteFile).toBe('/tmp/x/events.sqlite');
    expect(config.SQLITE_SYNCHRONOUS).toBe('NORMAL');
  });

  it('points the SLA rules at the shipped files by default and reads the cache time as a number', () => {
    expect(loadConfig({})).toMatchObject({ SLA_POLICY_FILE: 'config/sla/policies.default.json', SLA_CALENDARS_DIR: 'config/sla/calendars', SLA_RULES_CACHE_MS: 5000 });
    expect(loadConfig({ SLA_RULES_CACHE_MS: '0' }).SLA_RULES_CACHE_MS).toBe(0);
    expect(() => loadConfig({ SLA_RULES_CACHE_MS: '-1' })).toThrow(/SLA_RULES_CACHE_MS/);
  });

  it('limits requests per principal and sign-in attempts per minute, refusing a limit below one', () => {
    expect(loadConfig({})).toMatchObject({ RATE_LIMIT_PER_MINUTE: 600, LOGIN_ATTEMPTS_PER_MINUTE: 10 });
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '30', LOGIN_ATTEMPTS_PER_MINUTE: '3' })).toMatchObject({ RATE_LIMIT_PER_MINUTE: 30, LOGIN_ATTEMPTS_PER_MINUTE: 3 });
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '0', LOGIN_ATTEMPTS_PER_MINUTE: 'many' })).toThrow(/RATE_LIMIT_PER_MINUTE[\s\S]*LOGIN_ATTEMPTS_PER_MINUTE/);
  });

  it('keeps idle HTTP connections longer than common clients reuse them, refusing a timeout too short to announce or beyond the request timeout', () => {
    expect(loadConfig({}).HTTP_KEEP_ALIVE_TIMEOUT_MS).toBe(65_000);
    expect(loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '10000' }).HTTP_KEEP_ALIVE_TIMEOUT_MS).toBe(10_000);
    expect(() => loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '5000' })).toThrow(/HTTP_KEEP_ALIVE_TIMEOUT_MS/);
    expect(() => loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT_MS: '300000' })).toThrow(/HTTP_KEEP_ALIVE_TIMEOUT_MS/);
  });

  it('reports every bad value at once, one line each, naming the variable', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'eighty', EVENT_STORE: 'mongo', REDIS_URL: 'http://x', SQLITE_SYNCHRONOUS: 'OFF' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidConfigurationError);
    const problems = (caught as InvalidConfigurationError).problems;
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['EVENT_STORE', 'PORT', 'REDIS_URL', 'SQLITE_SYNCHRONOUS']);
  });

  it('makes the workers the projector candidates of the shared read models unless told all processes are', () => {
    expect(loadConfig({}).PROJECTOR_CANDIDATES).toBe('workers');
    expect(loadConfig({ PROJECTOR_CANDIDATES: 'all' }).PROJECTOR_CANDIDATES).toBe('all');
    expect(() => loadConfig({ PROJECTOR_CANDIDATES: 'apis' })).toThrow(/PROJECTOR_CANDIDATES/);
  });

  it('requires a connection string when EventStoreDB is chosen', () => {
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' })).toThrow(/EVENTSTORE_CONNECTION_STRING: required/);
    expect(loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' }).EVENT_STORE).toBe('eventstoredb');
  });

  it.each(['esdb', 'esdb+discover', 'kurrentdb', 'kurrentdb+discover', 'kdb', 'kdb+discover'])(
    'accepts the %s:// scheme exactly when the installed EventStoreDB client can parse it',
    (scheme) => {
      const connectionString = `${scheme}://localhost:2113?tls=false`;
      const clientParses = (() => {
        try {
          EventStoreDBClient.connectionString(connectionString);
          return true;
        } catch {
          return false;
        }
      })();
      const load = () => loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: connectionString });
      if (clientParses) expect(load().EVENTSTORE_CONNECTION_STRING).toBe(connectionString);
      else expect(load).toThrow(/EVENTSTORE_CONNECTION_STRING must be an esdb:\/\/ \(or esdb\+discover:\/\/\) connection string/);
    },
  );
});

describe('production safety', () => {
  it('requires an explicit JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ORG_CONFIG_FILE: '/etc/duban/org.json' })).toThrow(/JWT_SECRET: required/);
  });

  it('requires a customer data master key in production, and accepts only 32 bytes as hex or base64', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(/CUSTOMER_DATA_MASTER_KEY: required/);
    const hex = 'ab'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), CUSTOMER_DATA_MASTER_KEY: hex }).CUSTOMER_DATA_MASTER_KEY).toBe(hex);
    expect(loadConfig({ CUSTOMER_DATA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') }).CUSTOMER_DATA_MASTER_KEY).toHaveLength(44);
    expect(() => loadConfig({ CUSTOMER_DATA_MASTER_KEY: 'ab'.repeat(16) })).toThrow(/CUSTOMER_DATA_MASTER_KEY must be 32 bytes/);
  });

  it('is in demo mode exactly when no organisation file is given', () => {
    expect(loadConfig({}).demoMode).toBe(true);
    expect(loadConfig({ ORG_CONFIG_FILE: '/etc/duban/org.json' }).demoMode).toBe(false);
  });
});
