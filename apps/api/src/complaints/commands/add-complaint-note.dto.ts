import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { AddComplaintNote } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** 核实: what the investigation found so far. */
export class AddComplaintNoteDto implements CommandPayload<AddComplaintNote> {
  @Label('备注内容', 'note text')
  @ApiProperty({ example: '已调阅监控，柜员确有不耐烦表现' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  text!: string;

  toCommand(): AddComplaintNote {
    return { type: 'add-note', text: this.text };
  }
}
