import 'reflect-metadata';
import { runCli } from './cli';

runCli(process.argv.slice(2), process.env, process).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
