import { HttpStatus, Injectable } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { ProblemException } from '@duban/http-problem';
import { ProjectionRunner } from '@duban/projections';

/** Read-your-writes: a query given `minPosition` answers once the read models include it, or 503 after PROJECTION_WAIT_MS. */
@Injectable()
export class ReadModelConsistency {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly config: AppConfig,
  ) {}

  /** The position the answer will reflect (at least `minPosition`). */
  async awaitPosition(minPosition: string | undefined): Promise<bigint> {
    if (minPosition === undefined) return this.runner.position();
    const waitMs = this.config.PROJECTION_WAIT_MS;
    if (!(await this.runner.waitFor(BigInt(minPosition), waitMs))) {
      throw ProblemException.of(
        HttpStatus.SERVICE_UNAVAILABLE,
        'projection-lag',
        `The read models did not reach position ${minPosition} within ${waitMs} ms; retry.`,
        { minPosition, position: this.runner.position().toString() },
      );
    }
    return this.runner.position();
  }
}
