import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { PromiseReply } from '@duban/workflow';
import { IsInstant } from '../../shared/instant';
import type { CommandPayload } from '../../shared/aggregate-routes';

export class PromiseReplyDto implements CommandPayload<PromiseReply> {
  @Label('承诺答复日期', 'promised reply date')
  @ApiProperty({
    format: 'date-time',
    example: '2026-12-09T17:00:00+08:00',
    description: "The reply date agreed with the customer (承诺办): in the future, and no later than the policy's reply deadline (422 naming that deadline otherwise)",
  })
  @IsInstant()
  promisedBy!: string;

  toCommand(): PromiseReply {
    return { type: 'promise-reply', promisedBy: this.promisedBy };
  }
}
