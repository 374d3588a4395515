import { Body, Controller, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ATTACHMENT_STORE, type AttachmentStore } from '@duban/attachments';
import { FINDINGS, VIOLATIONS } from '@duban/cases';
import { EVENT_STORE, readStreamOrEmpty, type EventStore } from '@duban/event-store';
import { ProblemException } from '@duban/http-problem';
import { CurrentUser, OrgTree, StaffDirectory, type AuthenticatedUser } from '@duban/identity';
import { attachmentsIn, streamName } from '@duban/workflow';
import { commandRequestOf } from '../../shared/case-access';
import { CurrentRequest, type RequestContext } from '../../shared/request-context';
import { ViolationRegister } from '../../violations/violation-register';
import { noSuchEmployee } from '../employee-disclosure';
import { EmployeeErasures } from '../employee-erasures';
import { findingIdsNaming } from '../records-naming-employee';
import { ErasureRequestDto } from '../../shared/erasure-request.dto';
import { EmployeeErasureDto } from './employee-erasure.dto';

/** As customer data: erased only by admins, within their subtree. */
const ERASER_ROLE = 'admin';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class EraseEmployeeDataController {
  constructor(
    private readonly staff: StaffDirectory,
    private readonly orgTree: OrgTree,
    private readonly erasures: EmployeeErasures,
    private readonly violations: ViolationRegister,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ATTACHMENT_STORE) private readonly attachments: AttachmentStore,
  ) {}

  @Post(':staffId/erasure')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'eraseEmployeeData',
    summary:
      "Erase an employee's personal data on a lawful request (admin): records EmployeeDataErased, then deletes the files marked as personal data on the violations and findings naming them",
    description:
      'Records name an employee by staff id only, so the name, post and unit stop being shown to anyone (`employee.erased`), in views, histories and audit packs; the service file answers 410. ' +
      'The files marked as personal data on the violations and findings naming the employee are deleted; their events keep hash, size, type and kind, and verification reports them erased. Safe to retry: a retry records nothing and deletes what is left.',
  })
  @ApiOkResponse({ type: EmployeeErasureDto })
  @ApiBadRequestResponse({ description: 'reason or requestReference missing or too long' })
  @ApiForbiddenResponse({ description: 'Only an admin may erase' })
  @ApiNotFoundResponse({ description: 'Unknown employee, or one outside your units' })
  async erase(
    @Param('staffId') staffId: string,
    @Body() body: ErasureRequestDto,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
  ): Promise<EmployeeErasureDto> {
    // The role first, so the answer never tells anyone else whether the employee exists.
    if (user.role !== ERASER_ROLE) {
      throw ProblemException.of(
        HttpStatus.FORBIDDEN,
        'forbidden-by-role',
        { zh: '只有管理员可以删除员工个人信息。', en: "Only an admin may erase an employee's personal data." },
        { role: user.role },
      );
    }
    const member = this.staff.find(staffId);
    if (member === undefined || !this.orgTree.isWithinSubtree(user.unitId, member.unitId)) {
      throw noSuchEmployee(staffId);
    }
    const erasure = await this.erasures.record(staffId, body, commandRequestOf(user, context));
    // After the fact is recorded: a crash in between leaves a recorded erasure that every view honours and a retry completes.
    for (const stream of await this.recordsNaming(staffId)) {
      for (const attachment of attachmentsIn(await readStreamOrEmpty(this.store, stream)).filter((file) => file.personalData))
        await this.attachments.delete(stream, attachment.sha256);
    }
    return erasure;
  }

  /** The streams of the violations and findings naming the employee. */
  private async recordsNaming(staffId: string): Promise<string[]> {
    const violations = (await this.violations.all()).filter((violation) => violation.staffId === staffId).map((violation) => streamName(VIOLATIONS.kind, violation.id));
    const findings = (await findingIdsNaming(this.store, staffId)).map((id) => streamName(FINDINGS.kind, id));
    return [...violations, ...findings];
  }
}
