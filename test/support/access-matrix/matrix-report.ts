import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@duban/identity';
import { RELATIONS, UNIT_OF } from './matrix-org';

/** Statuses per relation, in the order of RELATIONS. */
export type Statuses = readonly [own: number, below: number, sibling: number, parent: number];

export const REPORT_FILE = join(__dirname, '../../../test-artifacts/access-matrix.md');

/**
 * Writes the observed matrix as a Markdown table, one line per route and a column per role, each
 * cell the statuses for own / below / sibling / parent, so a reviewer reads the access policy.
 */
export function writeMatrixReport(roles: readonly Role[], observed: ReadonlyMap<string, Readonly<Partial<Record<Role, Statuses>>>>): string {
  const relations = RELATIONS.map((relation) => `${relation} (${UNIT_OF[relation]})`).join(' / ');
  const lines = [
    '# Access matrix (observed)',
    '',
    `Every user sits at ${UNIT_OF.own}. Each cell: the status for a case or unitId filter at ${relations}.`,
    '',
    `| route | ${roles.join(' | ')} |`,
    `|---|${roles.map(() => '---').join('|')}|`,
    ...[...observed].map(([route, row]) => `| \`${route}\` | ${roles.map((role) => row[role]?.join(' ') ?? '').join(' | ')} |`),
    '',
  ];
  mkdirSync(join(REPORT_FILE, '..'), { recursive: true });
  writeFileSync(REPORT_FILE, lines.join('\n'));
  return REPORT_FILE;
}
