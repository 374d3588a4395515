import { Controller, Get, HttpStatus, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotAcceptableResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CIRCULARS, COMPLAINTS, FINDINGS, INSPECTIONS, VIOLATIONS, type AggregateType } from '@duban/cases';
import { ProblemException } from '@duban/http-problem';
import type { Request, Response } from 'express';
import type { AnyMachineSnapshot } from 'xstate';
import { WorkflowDescriptionDto } from './workflow-description.dto';

const WORKFLOWS: Record<string, AggregateType<AnyMachineSnapshot, { type: string }>> = {
  complaint: COMPLAINTS,
  finding: FINDINGS,
  inspection: INSPECTIONS,
  violation: VIOLATIONS,
  circular: CIRCULARS,
};

function describe(aggregate: AggregateType<AnyMachineSnapshot, { type: string }>): WorkflowDescriptionDto {
  const { decider } = aggregate;
  // The machine's initial state stands for "no stream yet"; the diagram draws it as [*].
  const creationState = decider.statusOf(decider.initialState());
  return {
    aggregate: aggregate.kind,
    mermaid: decider.mermaid(),
    states: Object.keys(decider.machine.root.states).filter((state) => state !== creationState),
    commands: decider.commandTypes.map((command) => ({
      command,
      roles: [...decider.roleGates[command]],
      events: [...decider.commandEvents[command]],
    })),
  };
}

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class GetWorkflowController {
  /** Content negotiation: text/plain (the default, for `curl` and Mermaid tools) or application/json. */
  @Get(':aggregate')
  @ApiOperation({ operationId: 'getWorkflow', summary: 'The lifecycle as a Mermaid state diagram (text/plain) or described (application/json)' })
  @ApiParam({ name: 'aggregate', enum: Object.keys(WORKFLOWS) })
  @ApiProduces('text/plain', 'application/json')
  @ApiResponse({ status: 200, description: 'Mermaid text, or the JSON description', type: WorkflowDescriptionDto })
  @ApiNotFoundResponse({ description: 'No such workflow' })
  @ApiNotAcceptableResponse({ description: 'Neither text/plain nor application/json acceptable' })
  describe(@Param('aggregate') name: string, @Req() request: Request, @Res({ passthrough: true }) response: Response): WorkflowDescriptionDto | string {
    if (!Object.hasOwn(WORKFLOWS, name)) {
      throw ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', {
        zh: `没有流程「${name}」；现有：${Object.keys(WORKFLOWS).join('、')}。`,
        en: `No workflow "${name}"; there are ${Object.keys(WORKFLOWS).join(', ')}.`,
      });
    }
    const description = describe(WORKFLOWS[name]);
    response.vary('Accept');
    switch (request.accepts(['text/plain', 'application/json'])) {
      case 'text/plain':
        response.type('text/plain');
        return description.mermaid;
      case 'application/json':
        return description;
      default:
        throw ProblemException.of(HttpStatus.NOT_ACCEPTABLE, 'not-acceptable', {
          zh: '此资源只提供 text/plain 或 application/json。',
          en: 'This resource is served as text/plain or application/json.',
        });
    }
  }
}
