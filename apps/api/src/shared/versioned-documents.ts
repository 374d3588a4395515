import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpStatus } from '@nestjs/common';
import { eventMetadata, type CommandRequest } from '@duban/cases';
import { derivedId, type Clock } from '@duban/command-handling';
import { decodeEventData } from '@duban/domain-errors';
import { NO_STREAM, readAllPages, readStreamOrEmpty, type EventStore, type JsonObject, type RecordedEvent, type StreamRevision } from '@duban/event-store';
import { ProblemException } from '@duban/http-problem';

const SCHEMA_VERSION = 1;

/** What one kind of versioned head-office document is: its stream, its event and how a body is checked. */
export type VersionedDocumentKind<T extends { id: string; version: number }> = {
  /** Streams are `<streamPrefix><id>`. */
  streamPrefix: string;
  /** The event each version is published by: data {version, [dataKey]: document}. */
  eventType: string;
  dataKey: string;
  /** Names the document in messages: 检查表模板 / checklist template. */
  name: { zh: string; en: string };
  /** Validates a body (throwing the kind's 422) and gives it the id and version. */
  parse(input: unknown, id: string, version: number): T;
};

/** The shipped documents of a directory (`<id>.json`), each parsed as version 1; read at start-up so a broken file stops the app. */
export function shippedDocuments<T extends { id: string }>(directory: string, parse: (input: unknown, id: string, version: number) => T): ReadonlyMap<string, T> {
  const documents = readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => parse(JSON.parse(readFileSync(join(directory, file), 'utf8')), file.replace(/\.json$/, ''), 1));
  return new Map(documents.map((document) => [document.id, document]));
}

/**
 * Versioned head-office documents (checklist templates, scoring schemes) as events, as SLA
 * policies are: stream `<prefix><id>` holds one published event per version. A shipped document is
 * version 1, read from its file until the first publish writes it in the same append as the new
 * version, since a GET never writes and a refused edit writes nothing.
 */
export class VersionedDocuments<T extends { id: string; version: number }> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly kind: VersionedDocumentKind<T>,
    private readonly shipped: ReadonlyMap<string, T>,
  ) {}

  /** The current version; 404 when no document has this id. */
  async current(id: string): Promise<T> {
    const found = await this.find(id);
    if (found === null) {
      const { zh, en } = this.kind.name;
      throw ProblemException.of(HttpStatus.NOT_FOUND, 'not-found', { zh: `没有${zh} ${id}。`, en: `No ${en} ${id}.` }, { id });
    }
    return found;
  }

  /** The current version, or null when no document has this id. A shipped one not yet written is its version 1: reads never seed. */
  async find(id: string): Promise<T | null> {
    return (await this.latest(id))?.document ?? this.shipped.get(id) ?? null;
  }

  /**
   * Validates `input` and records it as the next version; a new id starts at 1. With
   * `expectedVersion` (If-Match), someone else's version in between is a 412; without, a
   * concurrent publish is a 409 and nothing is recorded.
   */
  async publish(id: string, input: unknown, by: CommandRequest, expectedVersion?: number): Promise<T> {
    const latest = await this.latest(id);
    const unwritten = latest === undefined ? this.shipped.get(id) : undefined;
    const currentVersion = latest?.document.version ?? unwritten?.version ?? null;
    if (expectedVersion !== undefined && currentVersion !== expectedVersion) {
      const { zh, en } = this.kind.name;
      throw ProblemException.of(
        HttpStatus.PRECONDITION_FAILED,
        'stale-version',
        {
          zh: `${zh} ${id} 当前为第 ${currentVersion ?? '—'} 版，不是第 ${expectedVersion} 版。`,
          en: `The ${en} ${id} is at version ${currentVersion ?? 'none'}, not ${expectedVersion}.`,
        },
        { expectedVersion, currentVersion },
      );
    }
    const document = this.kind.parse(input, id, (currentVersion ?? 0) + 1);
    const now = this.clock.now().toISOString();
    const stream = `${this.kind.streamPrefix}${id}`;
    const event = { id: randomUUID(), type: this.kind.eventType, data: this.dataOf(document), metadata: eventMetadata(by, now, SCHEMA_VERSION) as unknown as JsonObject };
    const seed =
      unwritten === undefined
        ? []
        : [
            {
              id: derivedId(`${this.kind.streamPrefix}seed\n${stream}`),
              type: this.kind.eventType,
              data: this.dataOf(unwritten),
              metadata: { actorId: 'system', role: 'system', occurredAt: now, schemaVersion: SCHEMA_VERSION, seed: true },
            },
          ];
    await this.store.appendToStream(stream, [...seed, event], { expectedRevision: latest?.revision ?? NO_STREAM });
    return document;
  }

  private dataOf(document: T): JsonObject {
    return { version: document.version, [this.kind.dataKey]: document };
  }

  /** The current version of every document, shipped or published, by id. */
  async all(): Promise<T[]> {
    const current = new Map(this.shipped);
    // In the order of the log, so each id ends at its newest version.
    for await (const page of readAllPages(this.store, { filter: { streamPrefixes: [this.kind.streamPrefix], eventTypes: [this.kind.eventType] } })) {
      for (const event of page) {
        const document = this.documentOf(event);
        current.set(document.id, document);
      }
    }
    return [...current.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  private async latest(id: string): Promise<{ document: T; revision: StreamRevision } | undefined> {
    const [last] = await readStreamOrEmpty(this.store, `${this.kind.streamPrefix}${id}`, { direction: 'backwards', maxCount: 1 });
    return last === undefined ? undefined : { document: this.documentOf(last), revision: last.revision };
  }

  private documentOf(event: RecordedEvent): T {
    const key = this.kind.dataKey;
    return decodeEventData<Record<string, T>>(event, [this.kind.eventType], { version: 'number', [key]: 'object', [`${key}.id`]: 'string' })[key];
  }
}
