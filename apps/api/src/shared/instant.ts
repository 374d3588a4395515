import { isIsoInstant } from '@duban/workflow';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * An ISO 8601 instant with its offset whose every field exists (isIsoInstant): what the API
 * documents as `date-time` and what the workflow stores. class-validator's IsISO8601 also takes
 * week dates, ordinal dates, basic format and local times, which Date cannot read or reads in the
 * server's time zone, and then `new Date(value).toISOString()` throws.
 */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => isIsoInstant(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an ISO 8601 instant with its offset, e.g. 2025-03-01T08:00:00Z or 2025-03-01T16:00+08:00`,
      },
    },
    options,
  );
