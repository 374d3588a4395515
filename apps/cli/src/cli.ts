import { existsSync } from 'node:fs';
import { InvalidConfigurationError, loadConfig, type AppConfig } from '@duban/config';
import { createEventStore, type EventStore } from '@duban/event-store';
import { eventStoreConfigOf } from '@duban/platform';
import { recordIntegrityCheckpoint, verifyStore } from '@duban/store-integrity';
import { rebuildProjections } from './commands/rebuild-projections.command';
import { exportEvents } from './commands/export-events.command';
import { MIGRATE_USAGE, migrateEventLog } from './commands/migrate-event-log.command';
import { BACKUP_USAGE, backupSqliteStore, RESTORE_USAGE, restoreSqliteStore } from './commands/sqlite-backup.command';
import { replayCase, REPLAY_USAGE } from './commands/replay-case.command';
import { checkReplay } from './commands/replay-check.command';
import type { CliOutput } from './cli-output';
import { progressOn } from './progress';

const EXIT_VALID = 0;
const EXIT_BROKEN = 1;
const EXIT_USAGE = 2;

/** What a command gets: the configuration, the configured store (closed after it) and where to write. */
type CommandContext = { config: AppConfig; store: EventStore; output: CliOutput; args: readonly string[] };
/** What a command that handles the store's files itself gets: no store is opened (or created) for it. */
type FilesContext = Omit<CommandContext, 'store'>;
/** `takesArgs`: the command reads its own arguments; the others refuse any. */
type Command =
  | { summary: string; takesArgs?: boolean; withoutStore?: false; run: (context: CommandContext) => Promise<number> }
  | { summary: string; takesArgs: true; withoutStore: true; run: (context: FilesContext) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  verify: { summary: "verify every stream's hash chain and the integrity checkpoints; exit 1 on any break", run: ({ store, output }) => verify(store, output) },
  checkpoint: { summary: 'record an integrity checkpoint over the streams changed since the last one', run: ({ store, output }) => checkpoint(store, output) },
  'rebuild-projections': {
    summary: "empty this DATA_DIR's read models and replay the whole log into them (stop its API first)",
    run: ({ config, store, output }) => rebuildProjections(config, store, progressOn(output.stderr)),
  },
  replay: {
    summary: `${REPLAY_USAGE}: the case as it stood then, as JSON`,
    takesArgs: true,
    run: async ({ store, output, args }) => {
      const problem = await replayCase(store, args, output.stdout);
      if (problem !== undefined) output.stderr.write(`${problem}\n`);
      return problem === undefined ? EXIT_VALID : EXIT_USAGE;
    },
  },
  export: {
    summary: 'every event of the store as JSON Lines on stdout (with hash-chain fields), oldest first',
    run: ({ store, output }) => exportEvents(store, output.stdout, progressOn(output.stderr)),
  },
  migrate: {
    summary: `${MIGRATE_USAGE}: copy the whole event log into another store, resumable, hash chains kept`,
    takesArgs: true,
    run: ({ config, store, output, args }) => migrateEventLog(config, store, args, output, progressOn(output.stderr)),
  },
  backup: {
    summary: `${BACKUP_USAGE}: online, verified snapshot of the SQLite event store and the customer keys`,
    takesArgs: true,
    withoutStore: true,
    run: ({ config, output, args }) => backupSqliteStore(config, args, output),
  },
  restore: {
    summary: `${RESTORE_USAGE}: into an empty DATA_DIR, checksums and hash chains verified`,
    takesArgs: true,
    withoutStore: true,
    run: ({ config, output, args }) => restoreSqliteStore(config, args, output),
  },
  'replay-check': {
    summary: 'fold every case from scratch and compare with the read models; exit 1 on any difference',
    run: ({ config, store, output }) => checkReplay(config, store, progressOn(output.stderr)),
  },
};

const USAGE = `Usage: npm run cli -- <command>
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(20)} ${command.summary}`)
  .join('\n')}
Configuration comes from the same environment as the API (DATA_DIR, EVENT_STORE, ...).
`;

/** The CLI without process globals, so tests run it in-process; returns the exit code. */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv, output: CliOutput): Promise<number> {
  const command = COMMANDS[args[0] ?? ''];
  if (!command || (args.length > 1 && !command.takesArgs)) {
    output.stderr.write(USAGE);
    return EXIT_USAGE;
  }
  const usageOnFailure = <T>(open: () => T): T | undefined => {
    try {
      return open();
    } catch (error) {
      output.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      return undefined;
    }
  };
  const config = usageOnFailure(() => loadConfig(env));
  if (config === undefined) return EXIT_USAGE;
  if (command.withoutStore) return command.run({ config, output, args: args.slice(1) });
  const store = usageOnFailure(() => openConfiguredStore(config));
  if (store === undefined) return EXIT_USAGE;
  try {
    return await command.run({ config, store, output, args: args.slice(1) });
  } finally {
    await store.close();
  }
}

function openConfiguredStore(config: AppConfig): EventStore {
  // Verifying must not conjure up an empty store where the configuration points at none.
  if (config.EVENT_STORE === 'sqlite' && !existsSync(config.sqliteFile)) {
    throw new InvalidConfigurationError([`DATA_DIR: no event store at ${config.sqliteFile}`]);
  }
  return createEventStore(eventStoreConfigOf(config)).store;
}

async function verify(store: EventStore, { stdout, stderr }: CliOutput): Promise<number> {
  const report = await verifyStore(store, ({ checked, position, headPosition }) => stderr.write(`verified ${checked} events (position ${position} of ${headPosition})\n`));
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
