import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@duban/config';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { ProblemException } from '@duban/http-problem';
import { READ_MODEL_POSITION, type ReadModelPosition } from '@duban/projections';
import { fieldValidationProblem, violationOf } from '../shared/field-problems';
import { ReadPositionQueryDto } from './read-position-query.dto';

/** Read-your-writes: a query given `minPosition` answers once the read models include it, or 503 after PROJECTION_WAIT_MS. */
@Injectable()
export class ReadModelConsistency {
  constructor(
    @Inject(READ_MODEL_POSITION) private readonly runner: ReadModelPosition,
    private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The position the answer will reflect (at least `minPosition`). */
  async awaitPosition(minPosition: string | undefined): Promise<bigint> {
    if (minPosition === undefined) return this.runner.position();
    const wanted = BigInt(minPosition);
    if (this.runner.position() >= wanted) return this.runner.position();
    // A command answers with the position of an event already in the store, so one beyond the
    // store's head came from no write: waiting for it would only hold the request and end in 503.
    const head = await this.store.headPosition();
    if (wanted > head) {
      throw fieldValidationProblem([
        violationOf(ReadPositionQueryDto, 'minPosition', 'isRecordedPosition', {
          zh: `「读取位置」${minPosition} 超出了最新记录的位置 ${head}；请传命令应答中的 X-Duban-Position`,
          en: `"read position" ${minPosition} is beyond the newest recorded position ${head}; pass X-Duban-Position of a command response`,
        }),
      ]);
    }
    const waitMs = this.config.PROJECTION_WAIT_MS;
    if (!(await this.runner.waitFor(wanted, waitMs))) {
      throw ProblemException.of(
        HttpStatus.SERVICE_UNAVAILABLE,
        'projection-lag',
        { zh: `读模型未能在 ${waitMs} 毫秒内到达位置 ${minPosition}；请重试。`, en: `The read models did not reach position ${minPosition} within ${waitMs} ms; retry.` },
        {
          minPosition,
          position: this.runner.position().toString(),
        },
      );
    }
    return this.runner.position();
  }
}
