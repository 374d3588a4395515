import { percentage } from '../figures';
import type { UnitLabel } from '../grouping';

/** What coverage reads of one inspection: the unit inspected and how. */
export type CoverageInspection = { unitId: string; kind: string };

export type CoverageRow = {
  /** An inspection kind, or `all` for every kind together. */
  kind: string;
  inspections: number;
  /** Units of the report's level with at least one inspection of the kind. */
  inspectedUnits: number;
  units: number;
  /** inspectedUnits / units, in % (覆盖面). */
  coverage: number | null;
};

/** Inspection coverage by kind over `units` (the units of one level in a subtree); inspections of other units are not counted. */
export function inspectionCoverage(inspections: readonly CoverageInspection[], units: readonly UnitLabel[], kinds: readonly string[]): CoverageRow[] {
  const unitIds = new Set(units.map((unit) => unit.id));
  const counted = inspections.filter((inspection) => unitIds.has(inspection.unitId));
  const rowOf = (kind: string, ofKind: readonly CoverageInspection[]): CoverageRow => {
    const inspectedUnits = new Set(ofKind.map((inspection) => inspection.unitId)).size;
    return { kind, inspections: ofKind.length, inspectedUnits, units: units.length, coverage: percentage(inspectedUnits, units.length) };
  };
  return [
    ...kinds.map((kind) =>
      rowOf(
        kind,
        counted.filter((inspection) => inspection.kind === kind),
      ),
    ),
    rowOf('all', counted),
  ];
}
