import { ApiProperty } from '@nestjs/swagger';

/** The employee a record names, as the caller may see them (EmployeeDisclosure). */
export class EmployeeDto {
  @ApiProperty({ example: 'E10001', description: 'Staff id (工号) in the organisation file' })
  staffId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '林秀英',
    description:
      "Whole for supervisors, auditors and unit heads over the employee's unit; masked (林**) for others; null once the employee is erased or the organisation file no longer lists them",
  })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '柜员' })
  position!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'anshan-haicheng-yys' })
  unitId!: string | null;

  @ApiProperty({ description: 'The name is masked for you' })
  masked!: boolean;

  @ApiProperty({
    description: "Erased on a lawful request (POST /staff/{staffId}/erasure): only the staff id is shown, to everyone, and the record's files marked as personal data are gone",
  })
  erased!: boolean;
}
