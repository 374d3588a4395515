import { Body, Controller, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { COMPLAINTS, FINDINGS, VIOLATIONS, type AggregateType } from '@duban/cases';
import { ProblemException } from '@duban/http-problem';
import { CurrentUser, StaffDirectory, type AuthenticatedUser } from '@duban/identity';
import { checklistItems, type RecordViolation, type ViolationRule, type ViolationView } from '@duban/workflow';
import type { Response } from 'express';
import type { AnyMachineSnapshot } from 'xstate';
import { ChecklistTemplates } from '../../checklists/checklist-templates';
import { CREATED_CASE_HEADERS } from '../../openapi/response-headers';
import { AggregatePresenter } from '../../shared/aggregate-presenter';
import { IdempotencyKeyHeader } from '../../shared/aggregate-routes';
import { CaseAccess, isNotFound } from '../../shared/case-access';
import { newAggregateId } from '../../shared/creation';
import { CurrentRequest, type RequestContext } from '../../shared/request-context';
import { ViolationViewDto } from '../violation-view.dto';
import { RecordViolationDto } from './record-violation.dto';

/** 422 naming one field of the record command. */
function refused(field: string, en: string, zh: string): ProblemException {
  return ProblemException.of(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'invalid-command',
    { zh: `${field}：${zh}。`, en: `${field} ${en}.` },
    { command: 'record', errors: [{ field, message: en }] },
  );
}

@ApiTags('violations')
@ApiBearerAuth()
@Controller('violations')
export class RecordViolationController {
  constructor(
    private readonly cases: CaseAccess,
    private readonly presenter: AggregatePresenter,
    private readonly staff: StaffDirectory,
    private readonly checklists: ChecklistTemplates,
  ) {}

  @Post()
  @ApiOperation({ operationId: 'recordViolation', summary: 'Record a violation (违规服务) by an employee, with the rule broken; a supervisor then decides the penalty' })
  @IdempotencyKeyHeader()
  @ApiCreatedResponse({ type: ViolationViewDto, headers: CREATED_CASE_HEADERS })
  @ApiBadRequestResponse({ description: 'Invalid body, unknown fields, unknown employee or category' })
  @ApiForbiddenResponse({ description: 'Not an inspector, supervisor or unit head, or the employee works outside your subtree' })
  @ApiUnprocessableEntityResponse({
    description: 'Neither or both of category and checklist item, an unknown item, or a linked finding or complaint you cannot see; `errors` names the field',
  })
  async record(
    @Body() body: RecordViolationDto,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ViolationView & { revision: number }> {
    const employee = this.staff.find(body.staffId)!;
    this.cases.assertMayOpenIn(user, employee.unitId);
    const rule = await this.ruleOf(body);
    await this.assertLinkVisible(FINDINGS, 'findingId', body.findingId, user);
    await this.assertLinkVisible(COMPLAINTS, 'complaintId', body.complaintId, user);
    const id = newAggregateId(user, context);
    const command: RecordViolation = {
      type: 'record',
      violationId: id,
      staffId: employee.id,
      unitId: employee.unitId,
      rule,
      description: body.description,
      ...(body.findingId !== undefined && { findingId: body.findingId }),
      ...(body.complaintId !== undefined && { complaintId: body.complaintId }),
    };
    const outcome = await this.cases.create(VIOLATIONS, id, command, user, context, body);
    return this.presenter.presentCreated(VIOLATIONS, outcome, user, response, `/violations/${id}`);
  }

  /** A category, or a checklist item of the template's current version (its text copied, its category the rule's). */
  private async ruleOf(body: RecordViolationDto): Promise<ViolationRule> {
    const byItem = body.checklistId !== undefined || body.itemId !== undefined;
    if (byItem && body.category !== undefined) throw refused('category', 'must be left out when a checklist item names the rule', '已指定检查项时不填写违规类别');
    if (!byItem) {
      if (body.category === undefined) throw refused('category', 'or checklistId with itemId must name the rule broken', '违规类别或检查项须填写其一');
      return { category: body.category };
    }
    if (body.checklistId === undefined) throw refused('checklistId', 'must name the checklist of itemId', '须指定检查项所属检查表');
    if (body.itemId === undefined) throw refused('itemId', 'must name the item of checklistId', '须指定检查项');
    const checklist = await this.checklists.find(body.checklistId);
    if (checklist === null) throw refused('checklistId', 'is not a checklist template (GET /checklists/{id})', '不是检查表模板');
    const item = checklistItems(checklist).find((candidate) => candidate.id === body.itemId);
    if (item === undefined)
      throw refused('itemId', `is not an item of checklist ${checklist.id} v${checklist.version}`, `不是检查表 ${checklist.id} 第 ${checklist.version} 版的检查项`);
    return { category: item.category, checklistItem: { checklistId: checklist.id, version: checklist.version, itemId: item.id, text: item.text } };
  }

  /** A link names a record the caller can see; otherwise it is refused like a bad field, never confirmed to exist. */
  private async assertLinkVisible(aggregate: AggregateType<AnyMachineSnapshot, { type: string }>, field: string, id: string | undefined, user: AuthenticatedUser): Promise<void> {
    if (id === undefined) return;
    const visible = await this.cases.read(aggregate, id, user).then(
      () => true,
      (error: unknown) => {
        if (isNotFound(error)) return false;
        throw error;
      },
    );
    if (!visible) throw refused(field, `is not a ${aggregate.kind} in your units`, `您的辖区内没有此${aggregate.kind === 'finding' ? '整改事项' : '投诉'}`);
  }
}
