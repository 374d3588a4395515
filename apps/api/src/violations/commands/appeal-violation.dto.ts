import { Label } from '@duban/http-problem';
import { ApiProperty } from '@nestjs/swagger';
import type { AppealViolation } from '@duban/workflow';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { CommandPayload } from '../../shared/aggregate-routes';

/** The employee's one appeal (申诉), lodged through their unit. */
export class AppealViolationDto implements CommandPayload<AppealViolation> {
  @ApiProperty({ example: '当日排队叫号系统故障，客户等候时间过长非本人原因' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  @Label('申诉理由', 'grounds')
  grounds!: string;

  toCommand(): AppealViolation {
    return { type: 'appeal', grounds: this.grounds };
  }
}
