export { refuseMalformedUtf8 } from './body-encoding';
export { answerClientErrorsAsProblems } from './client-errors';
export { textDefect } from './input-screening';
export { type FieldViolation, PROBLEM_CONTENT_TYPE, ProblemException } from './problem-details';
export { type ProblemMapper, ProblemDetailsFilter } from './problem-details.filter';
export { strictQueryParser } from './query-string';
export { validationProblem, createValidationPipe } from './validation';
