import { pastStateOf, type Moment } from '@duban/audit';
import { COMPLAINTS, FINDINGS } from '@duban/cases';
import { streamName, toStoredEvent } from '@duban/workflow';
import { readStreamOrEmpty, type EventStore } from '@duban/event-store';
import { readPublishedCalendar, recordedClockViews } from '@duban/sla-enforcement';

const AGGREGATES = { complaint: COMPLAINTS, finding: FINDINGS } as const;
export const REPLAY_USAGE = 'replay <complaint|finding> <id> (--at <ISO 8601 instant> | --revision <n>)';

function momentOf(flag: string | undefined, value: string | undefined): Moment | undefined {
  if (flag === '--at' && value !== undefined && !Number.isNaN(Date.parse(value))) return { at: new Date(value).toISOString() };
  if (flag === '--revision' && value !== undefined && /^\d+$/.test(value)) return { revision: Number(value) };
  return undefined;
}

/** Prints a case as it stood at a moment (the same view as GET …/state), clocks read with the calendar versions they recorded. */
export async function replayCase(store: EventStore, args: readonly string[], stdout: { write(text: string): unknown }): Promise<string | undefined> {
  const [kind, id, flag, value] = args;
  const moment = momentOf(flag, value);
  if ((kind !== 'complaint' && kind !== 'finding') || id === undefined || moment === undefined || args.length !== 4) return `Usage: npm run cli -- ${REPLAY_USAGE}`;
  const aggregate = AGGREGATES[kind];
  const history = await readStreamOrEmpty(store, streamName(kind, id));
  if (history.length === 0) return `No ${kind} ${id}`;
  const past = pastStateOf(`${kind} ${id}`, history, moment);
  const events = past.events.map(toStoredEvent);
  const view = aggregate.toView(aggregate.decider.fold(events) as never);
  const clocks = await recordedClockViews(events, new Date(past.clocksReadAt), (calendarId, version) => readPublishedCalendar(store, calendarId, version));
  stdout.write(`${JSON.stringify({ ...view, clocks, asOf: { revision: past.revision, occurredAt: past.occurredAt, clocksReadAt: past.clocksReadAt } }, null, 2)}\n`);
  return undefined;
}
