import type { AnyStateMachine } from 'xstate';

function guardName(guard: unknown): string | undefined {
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return String(guard.type);
  return undefined;
}

/**
 * Renders a flat aggregate machine as Mermaid stateDiagram-v2, straight from its definition so the
 * diagram cannot drift from the rules. Convention: the machine's initial state stands for "stream
 * does not exist yet" and is drawn as [*]; final states get an arrow to [*]. Targetless transitions
 * (facts recorded without a state change) are drawn as self-loops; guards appear as [guard].
 * Transitions of the machine itself (facts every state records) are drawn on every state.
 */
export function toMermaid(machine: AnyStateMachine): string {
  const root = machine.root;
  const creationState = root.initial.target[0]?.key;
  const nodeName = (key: string): string => (key === creationState ? '[*]' : key);
  const nodes = Object.values(root.states);

  const lines = ['stateDiagram-v2'];
  for (const node of nodes) {
    if (node.key !== creationState && node.description) lines.push(`  ${node.key} : ${node.description}`);
  }
  for (const node of nodes) {
    const everywhere = node.key === creationState ? [] : [...root.transitions];
    for (const [eventType, definitions] of [...node.transitions, ...everywhere]) {
      for (const definition of definitions) {
        const guard = guardName(definition.guard);
        const label = guard === undefined ? eventType : `${eventType} [${guard}]`;
        for (const target of definition.target ?? [node]) {
          lines.push(`  ${nodeName(node.key)} --> ${nodeName(target.key)} : ${label}`);
        }
      }
    }
    if (node.type === 'final') lines.push(`  ${node.key} --> [*]`);
  }
  return `${lines.join('\n')}\n`;
}
