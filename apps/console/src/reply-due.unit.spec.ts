import { replyRuleOf, type CaseFacts, type PolicySetAnswer } from './reply-due';

const policySet: PolicySetAnswer = {
  defaultCalendar: 'cn-mainland',
  policies: [
    {
      id: 'urgent-letters',
      match: { kind: 'complaint', type: ['complaint'], channel: ['letter'], priority: ['urgent'] },
      clocks: [{ target: 'reply', duration: 'PT4H', basis: 'business_hours', calendar: 'anshan' }],
    },
    {
      id: 'complaint',
      match: { kind: 'complaint', type: ['complaint'] },
      clocks: [
        { target: 'acknowledge', duration: 'P0D', basis: 'working_days' },
        { target: 'reply', duration: 'P3D', basis: 'working_days' },
      ],
    },
    { id: 'praise', match: { kind: 'complaint', type: ['praise'] }, clocks: [{ target: 'acknowledge', duration: 'P1D', basis: 'working_days' }] },
    { id: 'finding', match: { kind: 'finding' }, clocks: [{ target: 'reply', dueFrom: 'plan', basis: 'calendar' }] },
  ],
};

const complaint = (facts: Partial<CaseFacts>): CaseFacts => ({ kind: 'complaint', type: 'complaint', category: '', channel: '', priority: 'normal', ...facts });

describe('the reply rule a registration form shows the due date of', () => {
  it('takes the first matching policy, on its default calendar', () => {
    expect(replyRuleOf(policySet, complaint({ channel: 'walk_in' }))).toEqual({ calendarId: 'cn-mainland', duration: 'P3D', basis: 'working_days' });
  });

  it('takes a more specific policy listed first, on the calendar its clock names', () => {
    expect(replyRuleOf(policySet, complaint({ channel: 'letter', priority: 'urgent' }))).toEqual({ calendarId: 'anshan', duration: 'PT4H', basis: 'business_hours' });
  });

  it('does not match a listed field the form has not chosen yet', () => {
    expect(replyRuleOf(policySet, complaint({ channel: '', priority: 'urgent' }))?.duration).toBe('P3D');
  });

  it('has no rule when the matching policy has no reply clock, or none with a duration', () => {
    expect(replyRuleOf(policySet, complaint({ type: 'praise' }))).toBeNull();
    expect(replyRuleOf(policySet, { kind: 'finding', type: '', category: '', channel: '', priority: '' })).toBeNull();
    expect(replyRuleOf(policySet, complaint({ type: 'suggestion' }))).toBeNull();
  });
});
