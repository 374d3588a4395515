import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentUser, Roles, type AuthenticatedUser } from '@duban/identity';
import { SimulatePolicyDto } from './simulate-policy.dto';
import { SimulatePolicyService, type SimulationReport } from './simulate-policy.service';
import { SIMULATION_REPORT_SCHEMA } from './simulation-report.schema';

@ApiTags('sla')
@ApiBearerAuth()
@Controller('sla/simulate')
export class SimulatePolicyController {
  constructor(private readonly simulation: SimulatePolicyService) {}

  @Post()
  @HttpCode(200)
  @Roles('supervisor', 'auditor')
  @ApiOperation({
    operationId: 'simulateSlaPolicies',
    summary:
      'Back-test candidate SLA policies (and calendars) on the recorded cases of a period in your scope: clocks, breaches and escalations they would have produced, next to what was recorded. Writes nothing.',
  })
  @ApiOkResponse({ schema: SIMULATION_REPORT_SCHEMA, description: 'Totals (overall, per unit, per `groupBy` unit) and each case, candidate next to actual' })
  @ApiBadRequestResponse({ description: 'Invalid request, candidate policy set or calendar; `errors` names each field (e.g. `policySet.policies[0].clocks[0].duration`)' })
  @ApiForbiddenResponse({ description: 'Supervisors and auditors only' })
  @ApiUnprocessableEntityResponse({ description: 'More cases in the range than one simulation replays (`limit`)' })
  simulate(@Body() request: SimulatePolicyDto, @CurrentUser() user: AuthenticatedUser): Promise<SimulationReport> {
    return this.simulation.simulate(request, user);
  }
}
