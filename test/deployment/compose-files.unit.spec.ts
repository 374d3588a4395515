import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { configurationVariables, loadConfig } from '@duban/config';

/**
 * No Docker engine runs here, so the deployment files are checked as text: every variable they
 * give Duban's own containers must be one the apps read and validate, with values that pass that
 * validation (a typo in a compose file would otherwise be ignored silently at start-up).
 */
const DOCKER_DIR = join(__dirname, '..', '..', 'docker');
/** Each compose file and the event store its apps run on. */
const COMPOSE_FILES: [string, string][] = [
  ['docker-compose.yml', 'eventstoredb'],
  ['docker-compose.cluster.yml', 'eventstoredb'],
  ['docker-compose.postgres.yml', 'postgres'],
];

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target: string };
  environment?: Record<string, string> | string[];
  command?: string[];
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const readCompose = (file: string): ComposeFile =>
  // Compose resolves YAML 1.1 merge keys (`<<: *anchor`); the default schema would keep them as keys.
  load(readFileSync(join(DOCKER_DIR, file), 'utf8'), { schema: YAML11_SCHEMA }) as ComposeFile;
const dockerfile = readFileSync(join(DOCKER_DIR, 'Dockerfile'), 'utf8');

/** The example secrets an operator copies into docker/.env. */
const exampleEnv: Record<string, string> = Object.fromEntries(
  readFileSync(join(DOCKER_DIR, '.env.example'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

function environmentOf(service: ComposeService): Record<string, string> {
  const { environment = {} } = service;
  if (!Array.isArray(environment)) return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value)]));
  return Object.fromEntries(environment.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

/** Compose interpolation (`${VAR}`, `${VAR:-default}`, `${VAR:?error}`) with docker/.env.example as the .env file. */
function interpolated(value: string): string {
  return value.replace(/\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g, (_match, name: string, operator?: string, operand?: string) => {
    const provided = exampleEnv[name];
    if (provided !== undefined && provided !== '') return provided;
    if (operator === '-') return operand ?? '';
    throw new Error(`${name} is not set in docker/.env.example`);
  });
}

/** ENV instructions of the Dockerfile (`ENV A=1 \ B=2`), which every Duban container starts with. */
function dockerfileEnvironment(): Record<string, string> {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.startsWith('ENV '));
  return Object.fromEntries(
    instructions.flatMap((line) =>
      line
        .slice(4)
        .trim()
        .split(/\s+/)
        .map((pair) => pair.split('=') as [string, string]),
    ),
  );
}

const dubanServices = (compose: ComposeFile): [string, ComposeService][] =>
  Object.entries(compose.services).filter(([, service]) => service.build?.dockerfile === 'docker/Dockerfile');

describe('deployment files (docker/)', () => {
  const known = new Set(configurationVariables());

  it('builds a non-root runtime in several stages, with one target per app', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^FROM runtime AS api$/m);
    expect(dockerfile).toMatch(/^FROM runtime AS worker$/m);
    for (const [name, value] of Object.entries(dockerfileEnvironment())) {
      expect({ name, known: known.has(name) }).toEqual({ name, known: true });
      expect(value).not.toBe('');
    }
  });

  describe.each(COMPOSE_FILES)('%s', (file, eventStore) => {
    const compose = readCompose(file);
    const services = dubanServices(compose);

    it('runs both apps from the Dockerfile targets', () => {
      const targets = new Set(services.map(([, service]) => service.build!.target));
      expect([...targets].sort()).toEqual(['api', 'worker']);
    });

    it.each(services.map(([name]) => name))('gives %s only variables the configuration validates', (name) => {
      const environment = environmentOf(compose.services[name]);
      expect(Object.keys(environment).filter((variable) => !known.has(variable))).toEqual([]);
    });

    it.each(services.map(([name]) => name))('gives %s values that pass validation, on top of the image defaults', (name) => {
      const environment = Object.fromEntries(Object.entries(environmentOf(compose.services[name])).map(([key, value]) => [key, interpolated(value)]));
      const config = loadConfig({ ...dockerfileEnvironment(), ...environment });
      expect(config.EVENT_STORE).toBe(eventStore);
      expect(config.REDIS_AUTOSTART).toBe(false);
      // One key file for every process, or customer data sealed by one could not be opened by another.
      expect(config.customerKeysFile).toBe('/var/lib/duban-keys/customer-keys.sqlite');
      expect(compose.services[name].volumes?.some((volume) => volume.startsWith('customer-keys:/var/lib/duban-keys'))).toBe(true);
    });

    it('keeps Redis durable and never evicting deadline jobs', () => {
      const command = compose.services.redis.command!.join(' ');
      expect(command).toContain('--appendonly yes');
      expect(command).toContain('--maxmemory-policy noeviction');
    });

    it('points every app at every EventStoreDB node', () => {
      const nodes = Object.entries(compose.services).filter(([, service]) => service.image?.startsWith('eventstore/'));
      const addresses = nodes.map(([name, service]) => {
        const replicationIp = environmentOf(service).EVENTSTORE_REPLICATION_IP;
        return `${replicationIp ?? name}:2113`;
      });
      for (const [, service] of services) {
        const connection = environmentOf(service).EVENTSTORE_CONNECTION_STRING;
        for (const address of addresses) expect(connection).toContain(address);
      }
    });
  });

  it('scales out to a three-node cluster with two API and two worker instances', () => {
    const compose = readCompose('docker-compose.cluster.yml');
    const count = (predicate: (service: ComposeService) => boolean) => Object.values(compose.services).filter(predicate).length;
    expect(count((service) => service.image?.startsWith('eventstore/') === true)).toBe(3);
    expect(count((service) => service.build?.target === 'api')).toBe(2);
    expect(count((service) => service.build?.target === 'worker')).toBe(2);
    for (const [, service] of dubanServices(compose)) expect(environmentOf(service).NODE_ENV).toBe('production');
  });

  it('runs on PostgreSQL (official image, durable commits) with two API and two worker instances pointed at it', () => {
    const compose = readCompose('docker-compose.postgres.yml');
    const [[name, postgres], ...others] = Object.entries(compose.services).filter(([, service]) => /^postgres:\d+$/.test(service.image ?? ''));
    expect(others).toEqual([]);
    expect(postgres.command?.join(' ')).toContain('synchronous_commit=on');
    expect(postgres.volumes?.some((volume) => volume.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    const apps = dubanServices(compose);
    expect(apps.map(([, service]) => service.build!.target).sort()).toEqual(['api', 'api', 'worker', 'worker']);
    const database = environmentOf(postgres);
    for (const [, service] of apps) {
      const url = new URL(interpolated(environmentOf(service).DATABASE_URL));
      expect({ host: url.hostname, user: url.username, password: url.password, database: url.pathname }).toEqual({
        host: name,
        user: database.POSTGRES_USER,
        password: interpolated(database.POSTGRES_PASSWORD),
        database: `/${database.POSTGRES_DB}`,
      });
    }
  });
});
