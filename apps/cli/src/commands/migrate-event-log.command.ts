import { join, resolve } from 'node:path';
import { EVENTSTORE_CONNECTION_STRING_PATTERN, type AppConfig } from '@duban/config';
import { copyEventLog, createEventStore, type EventStore, type EventStoreConfig } from '@duban/event-store';
import { restartCheckpointChainAfterMigration } from '@duban/store-integrity';
import type { CliOutput } from '../cli-output';
import { shareOf, type ProgressOutput } from '../progress';

export const MIGRATE_USAGE = 'migrate <sqlite:DATA_DIR | postgres://… | esdb://…>';

/**
 * The target named on the command line: another embedded store's DATA_DIR, a PostgreSQL URL (into
 * the schema POSTGRES_SCHEMA names, as the apps will read it), or an EventStoreDB connection string.
 */
function targetConfigOf(argument: string, config: AppConfig): EventStoreConfig | undefined {
  if (argument.startsWith('sqlite:') && argument.length > 'sqlite:'.length) {
    return { kind: 'sqlite', sqlite: { file: join(resolve(argument.slice('sqlite:'.length)), 'events.sqlite'), synchronous: config.SQLITE_SYNCHRONOUS } };
  }
  if (/^postgres(ql)?:\/\/.+/.test(argument)) return { kind: 'postgres', postgres: { connectionString: argument, schema: config.POSTGRES_SCHEMA } };
  if (EVENTSTORE_CONNECTION_STRING_PATTERN.test(argument)) return { kind: 'eventstoredb', eventStoreDb: { connectionString: argument } };
  return undefined;
}

/**
 * Copies the configured store's whole event log into another store (see copyEventLog): order,
 * ids, metadata and hash chains preserved, resumable (Ctrl-C stops after the page in hand; run
 * again to go on), idempotent. Returns the exit code.
 */
export async function migrateEventLog(config: AppConfig, source: EventStore, args: readonly string[], output: CliOutput, progress: ProgressOutput): Promise<number> {
  const targetConfig = args.length === 1 ? targetConfigOf(args[0], config) : undefined;
  if (!targetConfig) {
    output.stderr.write(`Usage: npm run cli -- ${MIGRATE_USAGE}\n`);
    return 2;
  }
  const target = createEventStore(targetConfig);
  let interrupted = false;
  const interrupt = () => (interrupted = true);
  process.once('SIGINT', interrupt);
  try {
    const result = await copyEventLog(source, target.store, {
      checkpoints: target.checkpoints,
      shouldStop: () => interrupted,
      onProgress: ({ position, sourceHead, copied }) => progress.update(`migrating: position ${shareOf(position, sourceHead)}, ${copied} events`),
    });
    const resumed = result.resumedAfter === undefined ? '' : ` (resumed after position ${result.resumedAfter})`;
    if (!result.finished) {
      progress.done(`stopped after ${result.copied} events${resumed}; run the same command again to go on`);
      return 1;
    }
    progress.done(`migrated ${result.copied} events${resumed}`);
    // The copied integrity checkpoints name the source's positions: the chain goes on from the target's.
    const restart = await restartCheckpointChainAfterMigration(target.store);
    if (restart) output.stderr.write(`integrity checkpoint #${restart.sequence} restarts the chain on the target's positions\n`);
    output.stdout.write(
      `MIGRATED: ${result.copied} events${resumed}, ids, metadata and hash chains unchanged; verify the target with the same settings pointed at it and \`npm run cli -- verify\`\n`,
    );
    return 0;
  } finally {
    process.off('SIGINT', interrupt);
    await target.store.close();
  }
}
