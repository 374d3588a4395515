import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { eventMetadata, type CommandRequest } from '@duban/cases';
import { CLOCK, derivedId, type Clock } from '@duban/command-handling';
import { AppConfig } from '@duban/config';
import { EVENT_STORE, NO_STREAM, readStreamOrEmpty, type EventStore, type JsonObject, type StreamRevision } from '@duban/event-store';
import { decodeEventData } from '@duban/domain-errors';
import { ProblemException } from '@duban/http-problem';
import { CategoryCatalogue } from '@duban/identity';
import { parseChecklist, type Checklist } from '@duban/workflow';

export const CHECKLIST_PUBLISHED = 'ChecklistPublished';
const checklistStream = (checklistId: string): string => `checklist-${checklistId}`;
const SCHEMA_VERSION = 1;
const publishedData = (checklist: Checklist): JsonObject => ({ version: checklist.version, checklist });

/**
 * Checklist templates (服务工作检查记录表) as versioned events, as SLA policies are: stream
 * `checklist-<id>` holds ChecklistPublished {version, checklist}. The shipped templates
 * (CHECKLISTS_DIR, `*.json`, file name = id) are version 1: read from the file until the first
 * publish writes them, in the same append as the new version, since a GET never writes and a
 * refused edit writes nothing. An inspection copies the version it is opened with, so publishing
 * never changes an inspection already under way.
 */
@Injectable()
export class ChecklistTemplates {
  private readonly shipped: ReadonlyMap<string, Checklist>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly categories: CategoryCatalogue,
    config: AppConfig,
  ) {
    // Read at start-up, so a broken shipped template stops the app instead of the first inspection.
    const categoryIds = this.categories.categories.map((category) => category.id);
    const shipped = readdirSync(config.CHECKLISTS_DIR)
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => parseChecklist(JSON.parse(readFileSync(join(config.CHECKLISTS_DIR, file), 'utf8')), file.replace(/\.json$/, ''), 1, { categoryIds }));
    this.shipped = new Map(shipped.map((checklist) => [checklist.id, checklist]));
  }

  /** The current version; 404 when no template has this id. */
  async current(checklistId: string): Promise<Checklist> {
    const found = await this.find(checklistId);
    if (found === null) throw ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', { zh: `没有检查表模板 ${checklistId}。`, en: `No checklist template ${checklistId}.` }, { checklistId });
    return found;
  }

  /** The current version, or null when no template has this id. A shipped template not yet written is its version 1: reads never seed. */
  async find(checklistId: string): Promise<Checklist | null> {
    return (await this.latest(checklistId))?.checklist ?? this.shipped.get(checklistId) ?? null;
  }

  /**
   * Validates `input` (422 naming each field) and records it as the next version; a new id starts
   * at 1. With `expectedVersion` (If-Match), someone else's version in between is a 412; without,
   * a concurrent publish is a 409 and nothing is recorded.
   */
  async publish(checklistId: string, input: unknown, by: CommandRequest, expectedVersion?: number): Promise<Checklist> {
    const latest = await this.latest(checklistId);
    // A shipped template not yet written goes in with its first edit, in the same append.
    const unwritten = latest === undefined ? this.shipped.get(checklistId) : undefined;
    const currentVersion = latest?.checklist.version ?? unwritten?.version ?? null;
    if (expectedVersion !== undefined && currentVersion !== expectedVersion) {
      throw ProblemException.of(HttpStatus.PRECONDITION_FAILED, 'stale-version', {
        zh: `检查表 ${checklistId} 当前为第 ${currentVersion ?? '—'} 版，不是第 ${expectedVersion} 版。`,
        en: `Checklist ${checklistId} is at version ${currentVersion ?? 'none'}, not ${expectedVersion}.`,
      }, {
        expectedVersion,
        currentVersion,
      });
    }
    const checklist = parseChecklist(input, checklistId, (currentVersion ?? 0) + 1, { categoryIds: this.categories.categories.map((category) => category.id) });
    const now = this.clock.now().toISOString();
    const event = { id: randomUUID(), type: CHECKLIST_PUBLISHED, data: publishedData(checklist), metadata: eventMetadata(by, now, SCHEMA_VERSION) as unknown as JsonObject };
    const shipped =
      unwritten === undefined
        ? []
        : [
            {
              id: derivedId(`checklist-seed\n${checklistStream(checklistId)}`),
              type: CHECKLIST_PUBLISHED,
              data: publishedData(unwritten),
              metadata: { actorId: 'system', role: 'system', occurredAt: now, schemaVersion: SCHEMA_VERSION, seed: true },
            },
          ];
    await this.store.appendToStream(checklistStream(checklistId), [...shipped, event], { expectedRevision: latest?.revision ?? NO_STREAM });
    return checklist;
  }

  private async latest(checklistId: string): Promise<{ checklist: Checklist; revision: StreamRevision } | undefined> {
    const [last] = await readStreamOrEmpty(this.store, checklistStream(checklistId), { direction: 'backwards', maxCount: 1 });
    if (last === undefined) return undefined;
    const { checklist } = decodeEventData<{ checklist: Checklist }>(last, [CHECKLIST_PUBLISHED], { version: 'number', checklist: 'object', 'checklist.id': 'string' });
    return { checklist, revision: last.revision };
  }
}
