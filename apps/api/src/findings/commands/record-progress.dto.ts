import { ApiProperty } from '@nestjs/swagger';
import { Label } from '@duban/http-problem';
import type { RecordProgress } from '@duban/workflow';
import { IsBoolean, IsInt, IsNotEmpty, IsString, MaxLength, Min } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** 落实情况: progress against one milestone (时间节点) of the plan in force. */
export class RecordProgressDto implements CommandPayload<RecordProgress> {
  @Label('时间节点序号', 'milestone number')
  @ApiProperty({ example: 1, minimum: 1, description: "1 for the plan's first milestone, and so on" })
  @IsInt()
  @Min(1)
  milestone!: number;

  @Label('落实情况', 'progress note')
  @ApiProperty({ example: '一米线已采购并张贴到位' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note!: string;

  @Label('是否完成', 'completed')
  @ApiProperty({ description: 'The milestone is reached: its clock stops (met, or breached when late)' })
  @IsBoolean()
  completed!: boolean;

  toCommand(): RecordProgress {
    return { type: 'record-progress', milestone: this.milestone, note: this.note, completed: this.completed };
  }
}
