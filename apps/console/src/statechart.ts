/** The statechart diagram drawn from the API's Mermaid text (GET /workflows/:aggregate), without a Mermaid renderer. */

export interface Transition {
  readonly from: string;
  readonly to: string;
  readonly event: string;
}

export interface Statechart {
  readonly initial: string | null;
  readonly states: readonly { id: string; description: string }[];
  readonly transitions: readonly Transition[];
}

const STATE_LINE = /^\s*([A-Za-z_][\w-]*)\s*:\s*(.+)$/;
const TRANSITION_LINE = /^\s*(\[\*\]|[A-Za-z_][\w-]*)\s*-->\s*(\[\*\]|[A-Za-z_][\w-]*)\s*(?::\s*(.+))?$/;

/** Reads the stateDiagram-v2 lines the API writes: `state : description` and `a --> b : Event [guard]`. */
export function parseMermaid(mermaid: string): Statechart {
  const states = new Map<string, string>();
  const transitions: Transition[] = [];
  let initial: string | null = null;
  for (const line of mermaid.split('\n')) {
    const transition = TRANSITION_LINE.exec(line);
    if (transition) {
      const [, from, to, event = ''] = transition;
      if (from === '[*]') initial = to;
      else if (to !== '[*]') transitions.push({ from, to, event: event.trim() });
      for (const id of [from, to]) if (id !== '[*]' && !states.has(id)) states.set(id, '');
      continue;
    }
    const state = STATE_LINE.exec(line);
    if (state) states.set(state[1], state[2].trim());
  }
  return { initial, states: [...states].map(([id, description]) => ({ id, description })), transitions };
}

export interface PlacedState {
  readonly id: string;
  readonly description: string;
  readonly column: number;
  readonly row: number;
}

/** Columns by distance from the initial state (breadth first), rows in order of appearance within a column. */
export function layOut(chart: Statechart): PlacedState[] {
  const depth = new Map<string, number>();
  const start = chart.initial ?? chart.states[0]?.id;
  if (start) depth.set(start, 0);
  const queue = start ? [start] : [];
  while (queue.length) {
    const current = queue.shift() as string;
    for (const { from, to } of chart.transitions) {
      if (from === current && !depth.has(to)) {
        depth.set(to, (depth.get(current) ?? 0) + 1);
        queue.push(to);
      }
    }
  }
  const rows = new Map<number, number>();
  return chart.states.map(({ id, description }) => {
    const column = depth.get(id) ?? Math.max(0, ...depth.values()) + 1;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    return { id, description, column, row };
  });
}

/** The distinct arrows between different states (self-loops such as notes do not change the state). */
export function arrows(chart: Statechart): { from: string; to: string; events: string[] }[] {
  const byPair = new Map<string, { from: string; to: string; events: string[] }>();
  for (const { from, to, event } of chart.transitions) {
    if (from === to) continue;
    const key = `${from}->${to}`;
    const arrow = byPair.get(key) ?? { from, to, events: [] };
    arrow.events.push(event);
    byPair.set(key, arrow);
  }
  return [...byPair.values()];
}
