import { applyDecorators, HttpStatus, Injectable } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiPreconditionFailedResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Response } from 'express';
import { ProblemException } from '@duban/http-problem';
import { OrgTree, type AuthenticatedUser, type Role } from '@duban/identity';
import { VERSION_HEADERS } from '../openapi/response-headers';

const EDITOR_ROLES: readonly Role[] = ['admin', 'supervisor'];

/**
 * Policies and calendars bind the whole bank, so only head office changes them: its admins and
 * supervisors. An admin of a branch or below administers no more than their own part of the bank.
 */
@Injectable()
export class SlaRulesEditors {
  constructor(private readonly orgTree: OrgTree) {}

  /** `what` names the rules refused in the message (checklist templates share the rule). */
  assertMayEdit(user: AuthenticatedUser, what: { zh: string; en: string } = { zh: '时限规则和工作日历', en: 'SLA policies and calendars' }): void {
    const atHeadOffice = this.orgTree.parentOf(user.unitId) === null;
    if (!atHeadOffice || !EDITOR_ROLES.includes(user.role)) {
      throw ProblemException.of(
        HttpStatus.FORBIDDEN,
        'forbidden-by-role',
        { zh: `只有总行的管理员和督办人员可以修改${what.zh}。`, en: `Only head-office admins and supervisors may change ${what.en}.` },
        {
          role: user.role,
          unitId: user.unitId,
        },
      );
    }
  }
}

/** If-Match on a versioned rule set: the version it was read at (ETag), as a number. */
export function expectedVersionOf(expectedRevision: bigint | undefined): number | undefined {
  return expectedRevision === undefined ? undefined : Number(expectedRevision);
}

/** A versioned rule set (calendar, checklist template) answered with its version as ETag. */
export function withVersionTag<T extends { version: number }>(versioned: T, response: Response): T {
  response.setHeader('ETag', `"${versioned.version}"`);
  return versioned;
}

/** If-Match on a versioned rule set, as every rule set's PUT and import document it. */
export const IfMatchVersion = (): MethodDecorator => ApiHeader({ name: 'If-Match', required: false, description: 'The version (ETag) you edited; otherwise 412' });

/** What a PUT publishing the next version of a head-office rule set takes and answers. */
export function PublishesVersion(what: string, body: SchemaObject, saved: SchemaObject): MethodDecorator {
  return applyDecorators(
    ApiBody({ schema: body }),
    IfMatchVersion(),
    ApiOkResponse({ schema: saved, headers: VERSION_HEADERS }),
    ApiForbiddenResponse({ description: 'Not a head-office admin or supervisor' }),
    ApiPreconditionFailedResponse({ description: 'If-Match is not the current version' }),
    ApiUnprocessableEntityResponse({ description: `Invalid ${what}; \`errors\` names each field` }),
  );
}
