export { caseRowOf, type CaseRow } from './case-row';
export { openReadModelDatabase } from './read-model-database';
export { CASE_PROJECTION, CaseProjection, type CaseProjectionOptions } from './case-projection';
export { CASE_SORT_FIELDS, CaseQueries, type CaseCriteria, type CaseKeyset, type CasePage, type CasePageRequest, type CaseSort, type CaseSortField } from './case-queries';
export { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
export { rebuildCaseProjection, type RebuildProgress } from './rebuild';
export { ProjectionsModule } from './projections.module';
export { replayCheck, type ReplayCheckResult, type ReplayDifference } from './replay-check';
