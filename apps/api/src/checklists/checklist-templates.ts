import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@duban/command-handling';
import { AppConfig } from '@duban/config';
import { EVENT_STORE, type EventStore } from '@duban/event-store';
import { CategoryCatalogue } from '@duban/identity';
import { parseChecklist, type Checklist } from '@duban/workflow';
import { shippedDocuments, VersionedDocuments } from '../shared/versioned-documents';

export const CHECKLIST_PUBLISHED = 'ChecklistPublished';

/**
 * Checklist templates (服务工作检查记录表), versioned: stream `checklist-<id>` holds
 * ChecklistPublished {version, checklist}; the shipped templates (CHECKLISTS_DIR, `*.json`, file
 * name = id) are version 1. An inspection copies the version it is opened with, so publishing
 * never changes an inspection already under way.
 */
@Injectable()
export class ChecklistTemplates extends VersionedDocuments<Checklist> {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(CLOCK) clock: Clock, categories: CategoryCatalogue, config: AppConfig) {
    const parse = (input: unknown, id: string, version: number): Checklist =>
      parseChecklist(input, id, version, { categoryIds: categories.categories.map((category) => category.id) });
    super(
      store,
      clock,
      { streamPrefix: 'checklist-', eventType: CHECKLIST_PUBLISHED, dataKey: 'checklist', name: { zh: '检查表模板', en: 'checklist template' }, parse },
      shippedDocuments(config.CHECKLISTS_DIR, parse),
    );
  }
}
