import { loadConfig, type AppConfig } from '@duban/config';
import { rebuildProjections } from './commands/rebuild-projections.command';
import { checkReplay } from './commands/replay-check.command';
import { progressOn, type ProgressOutput } from './progress';

type Command = { summary: string; run: (config: AppConfig, progress: ProgressOutput, args: string[]) => Promise<number> };

/** Operator commands over the configured store (same environment variables as the API). */
const COMMANDS: Record<string, Command> = {
  'rebuild-projections': { summary: "Replay the whole event log into this DATA_DIR's read models (stop its API first)", run: rebuildProjections },
  'replay-check': { summary: 'Fold every case from scratch and compare with the read models; exit 1 on any difference', run: checkReplay },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(22)} ${command.summary}`);
  return ['Usage: npm run cli -- <command>', '', 'Commands:', ...lines].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    console.error(name === undefined || name === 'help' || name === '--help' ? usage() : `Unknown command ${name}\n\n${usage()}`);
    return name === undefined || name === 'help' || name === '--help' ? 0 : 2;
  }
  return command.run(loadConfig(), progressOn(), args);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
