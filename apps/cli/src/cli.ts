import { existsSync } from 'node:fs';
import { InvalidConfigurationError, loadConfig } from '@duban/config';
import { createEventStore, type EventStore } from '@duban/event-store';
import { eventStoreConfigOf } from '@duban/platform';
import { recordIntegrityCheckpoint, verifyStore } from '@duban/store-integrity';

/** Where the CLI writes: results on stdout, progress and problems on stderr. */
export interface CliOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const EXIT_VALID = 0;
export const EXIT_BROKEN = 1;
export const EXIT_USAGE = 2;

const USAGE = `Usage: npm run cli -- <command>
  verify       verify every stream's hash chain and the integrity checkpoints; exit 1 on any break
  checkpoint   record an integrity checkpoint over the streams changed since the last one
Configuration comes from the same environment as the API (DATA_DIR, EVENT_STORE, ...).
`;

const COMMANDS: Record<string, (store: EventStore, output: CliOutput) => Promise<number>> = { verify, checkpoint };

/** The CLI without process globals, so tests run it in-process; returns the exit code. */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  const command = COMMANDS[args[0] ?? ''];
  if (!command || args.length > 1) {
    output.stderr.write(USAGE);
    return EXIT_USAGE;
  }
  let store: EventStore;
  try {
    store = openConfiguredStore(env);
  } catch (error) {
    output.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_USAGE;
  }
  try {
    return await command(store, output);
  } finally {
    await store.close();
  }
}

function openConfiguredStore(env: NodeJS.ProcessEnv): EventStore {
  const config = loadConfig(env);
  // Verifying must not conjure up an empty store where the configuration points at none.
  if (config.EVENT_STORE === 'sqlite' && !existsSync(config.sqliteFile)) {
    throw new InvalidConfigurationError([`DATA_DIR: no event store at ${config.sqliteFile}`]);
  }
  return createEventStore(eventStoreConfigOf(config)).store;
}

async function verify(store: EventStore, { stdout, stderr }: CliOutput): Promise<number> {
  const report = await verifyStore(store, ({ checked, position, headPosition }) =>
    stderr.write(`verified ${checked} events (position ${position} of ${headPosition})\n`),
  );
  for (const { stream, brokenAt, reason } of report.breaks) {
    stdout.write(`BROKEN ${stream}${brokenAt === undefined ? '' : ` at revision ${brokenAt}`}: ${reason}\n`);
  }
  const summary = `${report.events} events in ${report.streams} streams, ${report.checkpoints} checkpoints, ${report.unanchoredEvents} events not yet anchored`;
  if (!report.valid) {
    stdout.write(`INVALID: ${report.breaks.length} broken streams; ${summary}\n`);
    return EXIT_BROKEN;
  }
  stdout.write(`VALID: ${summary}\n`);
  return EXIT_VALID;
}

async function checkpoint(store: EventStore, { stdout }: CliOutput): Promise<number> {
  const recorded = await recordIntegrityCheckpoint(store);
  stdout.write(
    recorded
      ? `Checkpoint #${recorded.sequence}: ${recorded.streams.length} streams up to position ${recorded.upToPosition}, Merkle root ${recorded.merkleRoot}\n`
      : 'Nothing to anchor: no stream changed since the last checkpoint\n',
  );
  return EXIT_VALID;
}
