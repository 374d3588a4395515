import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type AuthenticatedUser } from '@duban/identity';
import type { Checklist } from '@duban/workflow';
import type { Response } from 'express';
import { VERSION_HEADERS } from '../openapi/response-headers';
import { commandRequestOf } from '../shared/case-access';
import { CurrentRequest, type RequestContext } from '../shared/request-context';
import { expectedVersionOf, PublishesVersion, SlaRulesEditors, withVersionTag } from '../sla/sla-rules-editors';
import { ChecklistTemplates } from './checklist-templates';

const ITEM_SCHEMA = {
  type: 'object',
  required: ['id', 'text', 'points', 'category', 'raisesFinding'],
  properties: {
    id: { type: 'string', description: 'Unique in the checklist: results name items by it', example: 'one-metre-line' },
    text: { type: 'string', example: '设置一米线或一米线标识' },
    points: { type: 'integer', minimum: 1, maximum: 100, description: 'What the item is worth; a failure deducts up to this many' },
    category: { type: 'string', description: 'An id from GET /categories: the category of the finding a failure raises', example: 'environment' },
    raisesFinding: { type: 'boolean', description: 'A failure raises a finding for rectification' },
  },
};

const CHECKLIST_SCHEMA = {
  type: 'object',
  description: 'A checklist template (服务工作检查记录表): sections of items with points; `id` and `version` come from the path and the store; other fields are refused',
  required: ['name', 'sections'],
  properties: {
    name: { type: 'string', example: '服务工作检查记录表（柜面）' },
    source: { type: 'string' },
    sections: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'items'],
        properties: { id: { type: 'string' }, title: { type: 'string', example: '环境设施' }, items: { type: 'array', items: ITEM_SCHEMA } },
      },
    },
  },
};

/** As saved: with its id and version. */
const SAVED_CHECKLIST_SCHEMA = {
  allOf: [CHECKLIST_SCHEMA, { type: 'object', required: ['id', 'version'], properties: { id: { type: 'string' }, version: { type: 'integer' } } }],
};

class ChecklistSummaryDto {
  @ApiProperty({ example: 'counter-service' })
  id!: string;

  @ApiProperty({ example: 1, description: 'The current version, which an inspection opened now copies' })
  version!: number;

  @ApiProperty({ example: '服务工作检查记录表（柜面）' })
  name!: string;
}

class ChecklistListDto {
  @ApiProperty({ type: [ChecklistSummaryDto] })
  items!: ChecklistSummaryDto[];
}

@ApiTags('inspections')
@ApiBearerAuth()
@Controller('checklists')
export class ChecklistsController {
  constructor(
    private readonly templates: ChecklistTemplates,
    private readonly editors: SlaRulesEditors,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listChecklists', summary: 'The current version of every checklist template, by id → {items: [{id, version, name}]}, for forms to pick from' })
  @ApiOkResponse({ type: ChecklistListDto })
  async list(): Promise<ChecklistListDto> {
    return { items: (await this.templates.all()).map(({ id, version, name }) => ({ id, version, name })) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'The current version of a checklist template' })
  @ApiOkResponse({ schema: SAVED_CHECKLIST_SCHEMA, headers: VERSION_HEADERS })
  @ApiNotFoundResponse({ description: 'No such checklist template' })
  async get(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<Checklist> {
    return withVersionTag(await this.templates.current(id), response);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Publish a new version of a checklist template, or a new template (head-office admins and supervisors); open inspections keep theirs' })
  @PublishesVersion('template', CHECKLIST_SCHEMA, SAVED_CHECKLIST_SCHEMA)
  async publish(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: AuthenticatedUser,
    @CurrentRequest() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Checklist> {
    this.editors.assertMayEdit(user, { zh: '检查表模板', en: 'checklist templates' });
    return withVersionTag(await this.templates.publish(id, body, commandRequestOf(user, context), expectedVersionOf(context.expectedRevision)), response);
  }
}
