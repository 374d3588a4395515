import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiGoneResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import { AuditedRead } from '../../audit/audit-read-recorder';
import { ServiceFileDto } from './service-file.dto';
import { ServiceFiles } from './service-files';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class GetServiceFileController {
  constructor(private readonly files: ServiceFiles) {}

  @Get(':staffId/service-file')
  @AuditedRead('staff', 'view')
  @ApiOperation({
    operationId: 'getServiceFile',
    summary: "An employee's service file (服务档案): complaints, findings and violations naming them, penalties in force, the repeat-offender flag",
    description:
      "Supervisors and unit heads over the employee's unit, and auditors; for anyone else the employee does not exist (404). Once the employee is erased it is gone (410).",
  })
  @ApiOkResponse({ type: ServiceFileDto })
  @ApiNotFoundResponse({ description: 'Unknown employee, or one you may not know (not a supervisor, auditor or unit head over their unit)' })
  @ApiGoneResponse({ description: 'The employee was erased (POST /staff/{staffId}/erasure); only those who may know them learn it' })
  get(@Param('staffId') staffId: string, @CurrentUser() user: AuthenticatedUser): Promise<ServiceFileDto> {
    return this.files.of(staffId, user);
  }
}
