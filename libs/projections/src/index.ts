export { REPLY_OUTCOMES, type CaseRow } from './case-row';
export { openReadModelDatabase } from './read-model-database';
export { CaseProjection } from './case-projection';
export { CASE_SORT_FIELDS, CaseQueries, type CaseCriteria, type CaseKeyset, type CasePage, type CaseSort, type CaseSortField } from './case-queries';
export { ProjectionRunner } from './projection-runner';
export { LeasedProjector, type LeasedProjectorEvent, type LeasedProjectorOptions } from './postgres/leased-projector';
export { rebuildCaseProjection } from './rebuild';
export { ProjectionsModule } from './projections.module';
export { replayCheck } from './replay-check';
