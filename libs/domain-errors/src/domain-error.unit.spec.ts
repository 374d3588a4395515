import { DomainError } from '@duban/domain-errors';
import { SlaError, SlaValidationError } from '@duban/sla';
import { CommandNotAllowedError, WorkflowError } from '@duban/workflow';

describe('DomainError', () => {
  it('is the one base of the workflow and SLA errors, each named by its own class and keeping its code', () => {
    const refused = new CommandNotAllowedError('complaint', 'close', 'Registered', ['assign']);
    const invalid = new SlaValidationError('duration', [{ field: 'duration', message: 'is not ISO 8601' }]);
    expect(refused).toBeInstanceOf(WorkflowError);
    expect(invalid).toBeInstanceOf(SlaError);
    expect([refused, invalid].map((error) => [error instanceof DomainError, error.name, error.code])).toEqual([
      [true, 'CommandNotAllowedError', 'COMMAND_NOT_ALLOWED'],
      [true, 'SlaValidationError', 'SLA_INVALID'],
    ]);
  });
});
