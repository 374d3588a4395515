/*
 * A projector candidate in a process of its own, for the takeover test: run through
 * test/support/ts-node-launcher.js with DATABASE_URL and PROJECTOR_SCHEMA; prints `holding`,
 * `applied <position>` and `lost <message>` lines on stdout. Meant to be SIGKILLed.
 */
import { createPostgresEventStore } from '@duban/event-store';
import { LeasedProjector } from '../postgres/leased-projector';

const schema = process.env.PROJECTOR_SCHEMA!;
const connectionString = process.env.DATABASE_URL!;
const { store } = createPostgresEventStore({ connectionString, schema });
new LeasedProjector(store, {
  connectionString,
  schema,
  retryMs: 200,
  pollMs: 20,
  pageSize: 50,
  onEvent: (event) => {
    if (event.kind === 'holding') process.stdout.write('holding\n');
    else if (event.kind === 'applied') process.stdout.write(`applied ${event.position}\n`);
    else if (event.kind === 'lost') process.stdout.write(`lost ${String(event.error)}\n`);
  },
}).start();
