import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { AssignComplaint } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

export class AssignComplaintDto implements CommandPayload<AssignComplaint> {
  @Label('承办人', 'assignee')
  @ApiProperty({ example: 'handler.haicheng', description: 'Username of the handler who takes the case' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  assigneeId!: string;

  toCommand(): AssignComplaint {
    return { type: 'assign', assigneeId: this.assigneeId };
  }
}
