import { join } from 'node:path';
import { openSqliteEventStore } from '@duban/event-store';
import type { Benchmark } from '../benchmark';
import { addNote, benchCommandHandler, registerComplaint } from '../support/commands';
import { interleavedMedians, ratePerSecond, ratioRow, temporaryDirectory } from '../support/measure';
import { noteEvent } from '../support/sample-events';

/** Each round's fresh cases start with a registration and this many notes, and get as many commands: 5 to 10 events, a working case's length. */
const NOTES_PER_CASE = 5;

/**
 * #2: in-process "add a note" commands through the CommandHandler (read the stream, fold it in the
 * complaint statechart, decide, append with the loaded revision, read back what was appended)
 * against the adapter's raw append of one note event with an exact expected revision, both on the
 * same SQLite file at its default durability.
 */
const commandHandling: Benchmark = {
  id: 'command-handling',
  title: 'in-process command handling vs raw append',
  async run({ size, log }) {
    const commandsPerRound = size === 'smoke' ? 200 : 3_000;
    const rounds = size === 'smoke' ? 3 : 7;
    const directory = temporaryDirectory('commands');
    const { store } = openSqliteEventStore({ file: join(directory.path, 'events.sqlite') });
    const commands = benchCommandHandler(store, directory.path);
    try {
      const casesPerRound = commandsPerRound / NOTES_PER_CASE;
      const revisions = new Map<string, bigint>();
      const rawAppends = (round: number) =>
        ratePerSecond(async () => {
          for (let index = 0; index < commandsPerRound; index++) {
            const stream = `complaint-raw-${round}-${index % casesPerRound}`;
            const expected = revisions.get(stream);
            const { nextExpectedRevision } = await store.appendToStream(stream, [noteEvent()], { expectedRevision: expected ?? 'no_stream' });
            revisions.set(stream, nextExpectedRevision);
          }
          return commandsPerRound;
        });
      const noteCommands = async (round: number) => {
        const caseIds = Array.from({ length: casesPerRound }, (_, index) => `bench-${round}-${index}`);
        for (const id of caseIds) {
          await registerComplaint(commands, id);
          for (let note = 0; note < NOTES_PER_CASE; note++) await addNote(commands, id, `setup-${id}-${note}`);
        }
        return ratePerSecond(async () => {
          for (let index = 0; index < commandsPerRound; index++) await addNote(commands, caseIds[index % casesPerRound], `round-${round}-${index}`);
          return commandsPerRound;
        });
      };
      const { value, reference } = await interleavedMedians(rounds, noteCommands, rawAppends, log);
      return [ratioRow('#2 commands: load, fold, decide, append vs raw append', 'commands/s', value, reference, 0.5)];
    } finally {
      await store.close();
      directory.remove();
    }
  },
};

export default commandHandling;
