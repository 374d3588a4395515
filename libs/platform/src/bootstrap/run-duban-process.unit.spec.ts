import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { closeOnSignals } from './run-duban-process';

describe('closeOnSignals', () => {
  const setUp = (close: () => Promise<void>) => {
    const steps: string[] = [];
    let exited: () => void = () => undefined;
    const exit = new Promise<void>((resolveExit) => (exited = resolveExit));
    const host = Object.assign(new EventEmitter(), {
      exit: (code: number) => {
        steps.push(`exit ${code}`);
        exited();
      },
    });
    const logger = { log: (message: string) => steps.push(`log ${message}`), error: (message: string) => steps.push(`error ${message}`) } as LoggerService;
    const app = { close: () => (steps.push('close app'), close()) } as unknown as INestApplicationContext;
    const stopFirst = async () => void steps.push('stop serving');
    closeOnSignals({ app, stopping: 'finishing', stopFirst }, logger, async () => void steps.push('stop redis'), host);
    return { steps, host, exit };
  };

  it('stops serving, closes the app, then what the process started, and exits 0, once however many signals arrive', async () => {
    const { steps, host, exit } = setUp(async () => undefined);
    host.emit('SIGTERM', 'SIGTERM');
    host.emit('SIGINT', 'SIGINT');
    host.emit('SIGTERM', 'SIGTERM');
    await exit;
    expect(steps).toEqual(['log SIGTERM: finishing', 'stop serving', 'close app', 'stop redis', 'exit 0']);
  });

  it('logs an error during the close and exits 1, without stopping what the process started', async () => {
    const { steps, host, exit } = setUp(async () => {
      throw new Error('store busy');
    });
    host.emit('SIGINT', 'SIGINT');
    await exit;
    expect(steps).toEqual(['log SIGINT: finishing', 'stop serving', 'close app', 'error Shutdown failed: store busy', 'exit 1']);
  });
});
