import { JsonLogger } from './json-logger';
import { logScope } from './log-scope';

describe('JsonLogger', () => {
  const linesOf = (levels?: Parameters<JsonLogger['setLogLevels']>[0]) => {
    const written: string[] = [];
    const logger = new JsonLogger({ app: 'api', destination: { write: (line: string) => void written.push(line) } });
    if (levels) logger.setLogLevels(levels);
    return { logger, lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
  };

  it("writes one JSON object per line with the level name, the app, Nest's context and the request's correlation", () => {
    const { logger, lines } = linesOf();
    logScope.run({ correlationId: 'corr-1', requestId: 'req-1' }, () => logger.log('Complaint escalated', 'Deadlines'));
    logger.warn({ msg: 'request', route: '/complaints/:id', status: 503 });
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        app: 'api',
        context: 'Deadlines',
        msg: 'Complaint escalated',
        correlationId: 'corr-1',
        requestId: 'req-1',
        time: expect.any(String),
      }),
      expect.objectContaining({ level: 'warn', msg: 'request', route: '/complaints/:id', status: 503 }),
    ]);
    expect(lines()[1]).not.toHaveProperty('correlationId');
  });

  it("keeps an error's stack apart from its context", () => {
    const { logger, lines } = linesOf();
    logger.error('Shutdown failed', 'Error: boom\n    at somewhere', 'Duban');
    expect(lines()).toEqual([expect.objectContaining({ level: 'error', msg: 'Shutdown failed', stack: 'Error: boom\n    at somewhere', context: 'Duban' })]);
  });

  it("takes Nest's level list as a threshold at its most verbose level", () => {
    const { logger, lines } = linesOf(['error', 'warn']);
    logger.log('not written');
    logger.debug('not written');
    logger.warn('written');
    expect(lines().map((line) => line.msg)).toEqual(['written']);
  });
});
