import { randomUUID } from 'node:crypto';
import { InMemoryEventStore, type EventStore, type NewEvent } from '@duban/event-store';
import { addNote, benchCommandHandler, registerComplaint } from './commands';
import { temporaryDirectory } from './measure';

const TEMPLATE_ID = 'bench-template-case';

/**
 * One complaint's events as the CommandHandler records them (registration with the customer
 * sealed, then a note), the note repeated to `eventsPerCase`; fillStore copies them under other case ids.
 */
export async function complaintEvents(eventsPerCase: number): Promise<NewEvent[]> {
  const keys = temporaryDirectory('template-keys');
  try {
    const store = new InMemoryEventStore();
    const commands = benchCommandHandler(store, keys.path);
    await registerComplaint(commands, TEMPLATE_ID);
    await addNote(commands, TEMPLATE_ID, 'template-note');
    const [registration, note] = (await store.readStream(`complaint-${TEMPLATE_ID}`)).map(({ id, type, data, metadata }) => ({ id, type, data, metadata }));
    return [registration, ...Array.from({ length: eventsPerCase - 1 }, () => note)];
  } finally {
    keys.remove();
  }
}

/**
 * Writes `cases` complaints of the template's length through the store's own append, one append
 * (one transaction, hash chain and all) per case: far faster than one command per event, and the
 * same rows. Open the store with synchronous NORMAL for this; durability is not what is measured.
 */
export async function fillStore(store: EventStore, template: readonly NewEvent[], cases: number, log: (message: string) => void, idPrefix = 'case'): Promise<void> {
  const templateJson = JSON.stringify(template);
  const started = Date.now();
  for (let index = 0; index < cases; index++) {
    const id = `${idPrefix}-${index}`;
    const events = (JSON.parse(templateJson.replaceAll(TEMPLATE_ID, id)) as NewEvent[]).map((event) => ({ ...event, id: randomUUID() }));
    await store.appendToStream(`complaint-${id}`, events, { expectedRevision: 'no_stream' });
    if ((index + 1) % 10_000 === 0) log(`generated ${index + 1} of ${cases} cases (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
}
