import { ApiProperty } from '@nestjs/swagger';

/** The erasure as recorded (EmployeeDataErased). */
export class EmployeeErasureDto {
  @ApiProperty({ example: 'E10001', description: 'Staff id (工号): all that records show of the employee from now on' })
  staffId!: string;

  @ApiProperty({ example: '员工离职后依法申请删除个人信息' })
  reason!: string;

  @ApiProperty({ example: 'REQ-2026-0002' })
  requestReference!: string;

  @ApiProperty({ format: 'date-time', description: 'When it was first recorded; a retry answers the same' })
  erasedAt!: string;

  @ApiProperty({ example: 'admin', description: 'The admin who recorded it' })
  erasedBy!: string;
}
