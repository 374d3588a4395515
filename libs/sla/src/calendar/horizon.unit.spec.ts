import { calendars, cnMainland, defaultPolicies, shanghai } from '../testing/fixtures';
import { parseCalendar } from './calendar';
import { calendarHorizons } from './horizon';

describe('calendarHorizons', () => {
  it('counts the local days left until the horizon of each calendar in use', () => {
    expect(calendarHorizons(defaultPolicies, calendars, shanghai('2026-12-07 10:00'))).toEqual([{ calendarId: 'cn-mainland', version: 1, horizon: '2026-12-31', daysLeft: 24 }]);
    // Shanghai's date, not UTC's: 00:30 on 1 January is past the horizon there.
    expect(calendarHorizons(defaultPolicies, calendars, shanghai('2027-01-01 00:30'))[0].daysLeft).toBe(-1);
  });

  it('lists calendars a clock names, not those nobody uses; no horizon means no end', () => {
    const endless = parseCalendar({ id: 'hotline', version: 3, workweek: [1, 2, 3, 4, 5, 6, 7], hours: [['00:00', '24:00']] });
    const unused = parseCalendar({ ...cnMainland, id: 'unused' });
    const policySet = { ...defaultPolicies, policies: [{ ...defaultPolicies.policies[0], clocks: [{ ...defaultPolicies.policies[0].clocks[0], calendar: 'hotline' }] }] };
    expect(calendarHorizons(policySet, { ...calendars, hotline: endless, unused }, shanghai('2026-12-07 10:00'))).toEqual([
      { calendarId: 'cn-mainland', version: 1, horizon: '2026-12-31', daysLeft: 24 },
      { calendarId: 'hotline', version: 3, horizon: null, daysLeft: null },
    ]);
  });
});
