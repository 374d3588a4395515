import { useMemo } from 'react';
import { useI18n } from '../i18n';
import { arrows, layOut, parseMermaid } from '../statechart';

const BOX = { width: 132, height: 44, columnGap: 60, rowGap: 26, margin: 16 };

/** The workflow's states as boxes and its state changes as arrows, the given state highlighted. */
export function StatechartDiagram({ kind, mermaid, current }: { kind: string; mermaid: string; current: string }) {
  const { t, code } = useI18n();
  const chart = useMemo(() => parseMermaid(mermaid), [mermaid]);
  const placed = useMemo(() => layOut(chart), [chart]);
  const at = new Map(placed.map((state) => [state.id, state]));
  const x = (column: number) => BOX.margin + column * (BOX.width + BOX.columnGap);
  const y = (row: number) => BOX.margin + row * (BOX.height + BOX.rowGap);
  const width = x(Math.max(...placed.map((state) => state.column)) + 1) - BOX.columnGap + BOX.margin;
  const height = y(Math.max(...placed.map((state) => state.row)) + 1) - BOX.rowGap + BOX.margin;
  return (
    <figure className="statechart">
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={`${t('statechart')}: ${t('currentState')} ${code(current, kind)}`}>
        <defs>
          <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#44546a" />
          </marker>
        </defs>
        {arrows(chart).map(({ from, to, events }) => {
          const source = at.get(from);
          const target = at.get(to);
          if (!source || !target) return null;
          const forward = target.column > source.column;
          const x1 = x(source.column) + (forward ? BOX.width : BOX.width / 2);
          const y1 = y(source.row) + (forward ? BOX.height / 2 : BOX.height);
          const x2 = x(target.column) + (forward ? 0 : BOX.width / 2);
          const y2 = y(target.row) + (forward ? BOX.height / 2 : BOX.height);
          // Backward arrows (reopening) bend below the boxes so they do not cover forward ones.
          const bend = forward ? `${(x1 + x2) / 2} ${(y1 + y2) / 2}` : `${(x1 + x2) / 2} ${Math.max(y1, y2) + 40}`;
          return (
            <path key={`${from}-${to}`} d={`M ${x1} ${y1} Q ${bend} ${x2} ${y2}`} fill="none" stroke="#44546a" strokeWidth="1.5" markerEnd="url(#arrowhead)">
              <title>{events.join(', ')}</title>
            </path>
          );
        })}
        {placed.map((state) => {
          const isCurrent = state.id === current;
          return (
            <g key={state.id} data-state={state.id} data-current={isCurrent || undefined}>
              <title>{state.description}</title>
              <rect
                x={x(state.column)}
                y={y(state.row)}
                width={BOX.width}
                height={BOX.height}
                rx="8"
                fill={isCurrent ? '#0b5cad' : '#ffffff'}
                stroke={isCurrent ? '#062f5a' : '#44546a'}
                strokeWidth={isCurrent ? 3 : 1.5}
              />
              <text x={x(state.column) + BOX.width / 2} y={y(state.row) + BOX.height / 2 + 5} textAnchor="middle" fontSize="14" fill={isCurrent ? '#ffffff' : '#1a1a1a'}>
                {code(state.id, kind)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        {t('currentState')}: <strong data-testid="diagram-current">{code(current, kind)}</strong>
      </figcaption>
    </figure>
  );
}
