import { decodeEventData, DomainError, MalformedEventError } from '@duban/domain-errors';

describe('decodeEventData', () => {
  const published = { type: 'CalendarPublished', data: { version: 2, calendar: { id: 'cn', version: 2 } } };
  const decode = (event: { type: string; data: unknown }) =>
    decodeEventData<{ version: number; calendar: { id: string } }>(event, ['CalendarPublished'], { version: 'number', 'calendar.id': 'string' });

  it('returns the data of an event of the expected type whose fields, nested ones too, have their kinds', () => {
    expect(decode(published)).toBe(published.data);
  });

  it('refuses an event of another type, naming the expected ones', () => {
    expect(() => decode({ ...published, type: 'PolicySetPublished' })).toThrow('PolicySetPublished event is malformed: expected CalendarPublished');
  });

  it.each([
    [{ version: '2', calendar: { id: 'cn' } }, 'data.version: expected number, found string'],
    [{ version: 2, calendar: null }, 'data.calendar.id: expected string, found undefined'],
    [{ version: 2, calendar: { id: ['cn'] } }, 'data.calendar.id: expected string, found array'],
    [null, 'data.version: expected number, found undefined'],
  ])('refuses data %j, naming the first field that is off', (data, problem) => {
    const error = (() => {
      try {
        decode({ type: 'CalendarPublished', data });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(MalformedEventError);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'MALFORMED_EVENT', eventType: 'CalendarPublished', problem });
  });
});
