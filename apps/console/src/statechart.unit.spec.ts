import { arrows, layOut, parseMermaid } from './statechart';

// The shape GET /workflows/complaint answers (abridged).
const MERMAID = `stateDiagram-v2
  received : 受理 registered, under investigation
  replied : 回复 answered
  closed : 签字确认 signed off
  [*] --> received : ComplaintRegistered
  received --> received : ComplaintNoteAdded
  received --> replied : ComplaintReplied
  replied --> received : ComplaintReopened
  replied --> closed : ComplaintVerified
  replied --> closed : ComplaintClosed [signedOff]
  closed --> [*]
`;

describe('statechart drawn from the API mermaid text', () => {
  const chart = parseMermaid(MERMAID);

  it('reads the states with their descriptions, the initial state and the transitions', () => {
    expect(chart.initial).toBe('received');
    expect(chart.states).toEqual([
      { id: 'received', description: '受理 registered, under investigation' },
      { id: 'replied', description: '回复 answered' },
      { id: 'closed', description: '签字确认 signed off' },
    ]);
    expect(chart.transitions).toContainEqual({ from: 'replied', to: 'closed', event: 'ComplaintClosed [signedOff]' });
    expect(chart.transitions.some((transition) => transition.to === '[*]' || transition.from === '[*]')).toBe(false);
  });

  it('places states in columns by distance from the initial state', () => {
    expect(layOut(chart).map(({ id, column, row }) => [id, column, row])).toEqual([
      ['received', 0, 0],
      ['replied', 1, 0],
      ['closed', 2, 0],
    ]);
  });

  it('draws one arrow per pair of different states, naming every event on it, and no self-loops', () => {
    expect(arrows(chart)).toEqual([
      { from: 'received', to: 'replied', events: ['ComplaintReplied'] },
      { from: 'replied', to: 'received', events: ['ComplaintReopened'] },
      { from: 'replied', to: 'closed', events: ['ComplaintVerified', 'ComplaintClosed [signedOff]'] },
    ]);
  });
});
