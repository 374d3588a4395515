import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { derivedId, type Clock } from '@duban/command-handling';
import { eventMetadata, type CommandRequest } from '@duban/cases';
import {
  NO_STREAM,
  readStreamOrEmpty,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type EventStore,
  type JsonObject,
  type RecordedEvent,
  type StreamRevision,
} from '@duban/event-store';
import {
  applyIcsToCalendar,
  CALENDAR_PUBLISHED,
  CALENDAR_STREAM_PREFIX,
  calendarStream,
  decodeCalendarPublished,
  decodePolicySetPublished,
  parseCalendar,
  parsePolicySet,
  POLICY_SET_PUBLISHED,
  POLICY_STREAM,
  SlaValidationError,
  type Calendar,
  type CalendarSet,
  type PolicySet,
} from '@duban/sla';
import { SlaRulesVersionConflictError, UnknownCalendarError } from './errors';

/** The policies and calendars clocks are computed with: the current version of each. */
export type SlaRules = { readonly policySet: PolicySet; readonly calendars: CalendarSet };

/** Where the SLA layer gets its rules; read at every use, so implementations cache. */
export interface SlaRulesSource {
  current(): Promise<SlaRules>;
  /** One published version of a calendar, as a clock recorded it (`calendarVersion`): clocks are read on their own version. */
  calendarVersion(calendarId: string, version: number): Promise<Calendar>;
}

/** The shipped defaults (config/sla), validated; they become version 1 of each stream on first use. */
export type SlaRulesSeed = { readonly policySet: PolicySet; readonly calendars: readonly Calendar[] };

const RULES_SCHEMA_VERSION = 1;
const PUBLISH_ATTEMPTS = 5;

/** One versioned rule set: where it is stored, which event publishes it, the event's data key and how its value is read back. */
type RuleStream<T extends PolicySet | Calendar> = { stream: string; subject: string; eventType: string; key: 'policySet' | 'calendar'; valueOf: (event: RecordedEvent) => T };

const POLICIES: RuleStream<PolicySet> = {
  stream: POLICY_STREAM,
  subject: 'policy set',
  eventType: POLICY_SET_PUBLISHED,
  key: 'policySet',
  valueOf: (event) => decodePolicySetPublished(event).policySet,
};
/** Data of a published version: `{version, policySet}` or `{version, calendar}`. */
const publishedData = (rules: RuleStream<PolicySet | Calendar>, value: PolicySet | Calendar): JsonObject =>
  ({ version: value.version, [rules.key]: value }) as unknown as JsonObject;

const calendarRules = (calendarId: string): RuleStream<Calendar> => ({
  stream: calendarStream(calendarId),
  subject: `calendar ${calendarId}`,
  eventType: CALENDAR_PUBLISHED,
  key: 'calendar',
  valueOf: (event) => decodeCalendarPublished(event).calendar,
});

/** One published version of a calendar, read from its stream; throws when the store lacks it. */
export async function readPublishedCalendar(store: EventStore, calendarId: string, version: number): Promise<Calendar> {
  const events = await readStreamOrEmpty(store, calendarStream(calendarId));
  const published = events.map((event) => decodeCalendarPublished(event).calendar).find((calendar) => calendar.version === version);
  // Clocks only record versions that were published, and nothing is ever deleted: a miss is a broken store.
  if (published === undefined) throw new Error(`calendar ${calendarId} has no version ${version}, which a clock recorded`);
  return published;
}

/** Reads and validates the shipped policy file and every `*.json` calendar of a directory. Throws on any invalid file. */
export function loadSlaSeed(policyFile: string, calendarsDir: string): SlaRulesSeed {
  const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
  const calendars = readdirSync(calendarsDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => parseCalendar(readJson(join(calendarsDir, file))));
  return { policySet: parsePolicySet(readJson(policyFile), { calendarIds: calendars.map((calendar) => calendar.id) }), calendars };
}

type Latest<T> = { value: T; revision: StreamRevision };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Policies and calendars as versioned events: `sla_policies` holds PolicySetPublished
 * {version, policySet}, `calendar-<id>` holds CalendarPublished {version, calendar}. The shipped
 * defaults are appended as version 1 the first time anyone reads (deterministic ids and
 * `no_stream`, so concurrent seeders write once). Reads are cached for `cacheMs`; a publish in this
 * process clears the cache at once, other processes see it when their cache expires.
 */
export class EventSourcedSlaRules implements SlaRulesSource {
  private seeded: Promise<void> | undefined;
  private cached: { rules: Promise<SlaRules>; until: number } | undefined;
  /** Published versions never change, so they are kept for good. */
  private readonly calendarVersions = new Map<string, Promise<Calendar>>();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly seed: SlaRulesSeed,
    private readonly options: { cacheMs: number } = { cacheMs: 5_000 },
  ) {}

  current(): Promise<SlaRules> {
    const now = Date.now();
    if (this.cached === undefined || this.cached.until <= now) {
      const rules = this.load();
      this.cached = { rules, until: now + this.options.cacheMs };
      rules.catch(() => (this.cached = undefined));
    }
    return this.cached.rules;
  }

  async calendar(calendarId: string): Promise<Calendar> {
    await this.ensureSeeded();
    const latest = await this.latest(calendarRules(calendarId));
    if (latest === undefined) throw new UnknownCalendarError(calendarId);
    return latest.value;
  }

  /** One published version of a calendar, as a clock recorded it (`calendarVersion`). */
  calendarVersion(calendarId: string, version: number): Promise<Calendar> {
    const key = `${calendarId}\n${version}`;
    let found = this.calendarVersions.get(key);
    if (found === undefined) {
      found = this.readCalendarVersion(calendarId, version);
      this.calendarVersions.set(key, found);
      found.catch(() => this.calendarVersions.delete(key));
    }
    return found;
  }

  private async readCalendarVersion(calendarId: string, version: number): Promise<Calendar> {
    await this.ensureSeeded();
    return readPublishedCalendar(this.store, calendarId, version);
  }

  /** Validates `input` (SlaValidationError naming each field) against the known calendars and records it as the next version. */
  publishPolicySet(input: unknown, by: CommandRequest, expectedVersion?: number): Promise<PolicySet> {
    return this.publish(POLICIES, expectedVersion, by, async (current) => {
      const { calendars } = await this.load();
      const next = isRecord(input) ? { ...input, version: (current?.version ?? 0) + 1 } : input;
      return parsePolicySet(next, { calendarIds: Object.keys(calendars) });
    });
  }

  /** Records `input` as the next version of the calendar (a new id starts at 1); `id` in the body, if any, must match. */
  publishCalendar(calendarId: string, input: unknown, by: CommandRequest, expectedVersion?: number): Promise<Calendar> {
    return this.publish(calendarRules(calendarId), expectedVersion, by, (current) => {
      if (!isRecord(input)) return parseCalendar(input);
      if (input.id !== undefined && input.id !== calendarId) {
        throw new SlaValidationError('calendar', [{ field: 'id', message: `must be "${calendarId}" as in the path, or left out` }]);
      }
      return parseCalendar({ ...input, id: calendarId, version: (current?.version ?? 0) + 1 });
    });
  }

  /** Replaces the dates of the years an .ics file covers (applyIcsToCalendar) as the calendar's next version. */
  importIcs(calendarId: string, ics: string, by: CommandRequest, expectedVersion?: number): Promise<Calendar> {
    return this.publish(calendarRules(calendarId), expectedVersion, by, (current) => {
      if (current === undefined) throw new UnknownCalendarError(calendarId);
      return applyIcsToCalendar(current, ics);
    });
  }

  /**
   * Appends `next(current)` with the revision it was built on. Someone publishing in between is a
   * conflict when the caller named the version it edited (If-Match); otherwise the next attempt
   * builds on theirs.
   */
  private async publish<T extends PolicySet | Calendar>(
    rules: RuleStream<T>,
    expectedVersion: number | undefined,
    by: CommandRequest,
    next: (current: T | undefined) => T | Promise<T>,
  ): Promise<T> {
    await this.ensureSeeded();
    for (let attempt = 1; ; attempt++) {
      const current = await this.latest(rules);
      const currentVersion = current?.value.version ?? null;
      if (expectedVersion !== undefined && currentVersion !== expectedVersion) throw new SlaRulesVersionConflictError(rules.subject, expectedVersion, currentVersion);
      const value = await next(current?.value);
      const event = {
        id: randomUUID(),
        type: rules.eventType,
        data: publishedData(rules, value),
        metadata: eventMetadata(by, this.clock.now().toISOString(), RULES_SCHEMA_VERSION) as unknown as JsonObject,
      };
      try {
        await this.store.appendToStream(rules.stream, [event], { expectedRevision: current?.revision ?? NO_STREAM });
        this.cached = undefined;
        return value;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= PUBLISH_ATTEMPTS) throw error;
      }
    }
  }

  private async load(): Promise<SlaRules> {
    await this.ensureSeeded();
    const policies = await this.latest(POLICIES);
    const published = await this.store.readAll({ filter: { streamPrefixes: [CALENDAR_STREAM_PREFIX], eventTypes: [CALENDAR_PUBLISHED] } });
    const calendars: Record<string, Calendar> = {};
    for (const event of published) {
      const { calendar } = decodeCalendarPublished(event);
      calendars[calendar.id] = calendar;
    }
    return { policySet: policies?.value ?? this.seed.policySet, calendars };
  }

  private ensureSeeded(): Promise<void> {
    this.seeded ??= this.appendSeeds().catch((error: unknown) => {
      this.seeded = undefined;
      throw error;
    });
    return this.seeded;
  }

  private async appendSeeds(): Promise<void> {
    const seeds = [{ rules: POLICIES, value: this.seed.policySet }, ...this.seed.calendars.map((calendar) => ({ rules: calendarRules(calendar.id), value: calendar }))];
    const metadata = { actorId: 'system', role: 'system', occurredAt: this.clock.now().toISOString(), schemaVersion: RULES_SCHEMA_VERSION, seed: true };
    for (const { rules, value } of seeds) {
      const event = { id: derivedId(`sla-seed\n${rules.stream}`), type: rules.eventType, data: publishedData(rules, value), metadata };
      try {
        await this.store.appendToStream(rules.stream, [event], { expectedRevision: NO_STREAM });
      } catch (error) {
        // The stream exists: seeded by another process, or already edited. Either way it is not ours to seed.
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
  }

  private async latest<T extends PolicySet | Calendar>({ stream, valueOf }: RuleStream<T>): Promise<Latest<T> | undefined> {
    let events: RecordedEvent[];
    try {
      events = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
    const last = events[0];
    return last === undefined ? undefined : { value: valueOf(last), revision: last.revision };
  }
}
