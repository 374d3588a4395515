/** Where commands get `now` from; injected so that tests can hold or move time. */
export interface Clock {
  now(): Date;
}

/** Dependency-injection token for the Clock. */
export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
