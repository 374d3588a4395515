import { ApiProperty } from '@nestjs/swagger';

export class WorkflowCommandDto {
  @ApiProperty({ example: 'reply' })
  command!: string;

  @ApiProperty({ type: [String], description: 'Roles that may issue it' })
  roles!: string[];

  @ApiProperty({ type: [String], description: 'Events it may record' })
  events!: string[];
}

export class WorkflowDescriptionDto {
  @ApiProperty({ enum: ['complaint', 'finding', 'inspection', 'violation', 'circular'] })
  aggregate!: string;

  @ApiProperty({ description: 'Mermaid stateDiagram-v2, generated from the state machine' })
  mermaid!: string;

  @ApiProperty({ type: [String], description: 'Lifecycle states' })
  states!: string[];

  @ApiProperty({ type: [WorkflowCommandDto] })
  commands!: WorkflowCommandDto[];
}
