import type { RecordedEvent } from '@duban/event-store';
import type { AggregateType, DomainEvent } from '../aggregate-type';
import type { CommandDomain } from '../command-domain';

/**
 * A tiny domain for the core's own tests: tickets that are opened, commented and closed; closing
 * with a `reviewId` demands a review ticket (a follow-up creation), with `noteOn` a comment on that
 * existing ticket while it is open (a follow-up command). Nothing here is any real domain's.
 */
export interface Agent {
  readonly id: string;
  readonly team: string;
}

export interface TicketContext {
  readonly actor: Agent;
  readonly now: string;
}

export interface Ticket {
  readonly opened: boolean;
  readonly closed: boolean;
  readonly title: string;
  readonly comments: readonly string[];
}

export type TicketCommand = { type: 'open'; title: string } | { type: 'comment'; text: string } | { type: 'close'; reviewId?: string; noteOn?: string };

export const close: TicketCommand = { type: 'close' };

export class TicketRefused extends Error {}

const NEW_TICKET: Ticket = { opened: false, closed: false, title: '', comments: [] };

const event = (type: string, data: object): DomainEvent => ({ type, schemaVersion: 2, data });

function decide(ticket: Ticket, command: TicketCommand, { actor, now }: TicketContext): DomainEvent[] {
  const by = { by: actor.id, at: now };
  switch (command.type) {
    case 'open':
      if (ticket.opened) throw new TicketRefused('already open');
      return [event('TicketOpened', { title: command.title, ...by })];
    case 'comment':
      if (!ticket.opened || ticket.closed) throw new TicketRefused('not open');
      return [event('TicketCommented', { text: command.text, ...by })];
    case 'close':
      if (!ticket.opened) throw new TicketRefused('not open');
      if (ticket.closed) throw new TicketRefused('already closed');
      return [event('TicketClosed', { reviewId: command.reviewId ?? null, noteOn: command.noteOn ?? null, ...by })];
  }
}

function evolve(ticket: Ticket, { type, data }: DomainEvent): Ticket {
  if (ticket.opened === (type === 'TicketOpened')) throw new TicketRefused(`corrupt stream: ${type} on a ticket ${ticket.opened ? 'already' : 'never'} opened`);
  const fields = data as { title: string; text: string };
  if (type === 'TicketOpened') return { ...ticket, opened: true, title: fields.title };
  if (type === 'TicketCommented') return { ...ticket, comments: [...ticket.comments, fields.text] };
  if (type === 'TicketClosed') return { ...ticket, closed: true };
  return ticket;
}

const decider = {
  initialState: () => NEW_TICKET,
  decide,
  fold: (events: readonly DomainEvent[], from: Ticket = NEW_TICKET) => events.reduce(evolve, from),
};

export const REVIEWS: AggregateType<Ticket, TicketCommand, TicketContext> = { kind: 'review', streamPrefix: 'review-', decider };

export const TICKETS: AggregateType<Ticket, TicketCommand, TicketContext> = {
  kind: 'ticket',
  streamPrefix: 'ticket-',
  decider,
  followUps: {
    triggers: ['TicketClosed'],
    demandedBy: (closed, ticket) => {
      const { reviewId, noteOn = null } = closed.data as { reviewId: string | null; noteOn?: string | null };
      const review = reviewId === null ? [] : [{ aggregate: REVIEWS, id: reviewId, command: { type: 'open', title: `review of ${ticket.title}` }, causedBy: closed }];
      const note =
        noteOn === null
          ? []
          : [{ aggregate: TICKETS, id: noteOn, command: comment(`${ticket.title} closed`), causedBy: closed, appliesTo: (other: Ticket) => other.opened && !other.closed }];
      return [...review, ...note];
    },
  },
};

export const ticketDomain: CommandDomain<Agent, TicketContext> = {
  decideContext: (actor, now) => ({ actor, now }),
  actorMetadata: (actor) => ({ team: actor.team }),
  toDomainEvent: (recorded: RecordedEvent) => ({
    type: recorded.type,
    schemaVersion: Number((recorded.metadata as { schemaVersion?: number }).schemaVersion ?? 1),
    data: recorded.data,
  }),
  followUpActor: (cause) => ({ id: 'robot', team: String((cause.metadata as { team?: string }).team) }),
};

export const NOW = new Date('2024-05-06T08:00:00.000Z');
export const alice: Agent = { id: 'alice', team: 'desk' };
export const bob: Agent = { id: 'bob', team: 'desk' };
export const asRequest = (actor: Agent, causationId = 'request-1') => ({ actor, correlationId: 'correlation-1', causationId });
export const open = (title = 'printer on fire'): TicketCommand => ({ type: 'open', title });
export const comment = (text: string): TicketCommand => ({ type: 'comment', text });
