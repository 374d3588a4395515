import { Injectable } from '@nestjs/common';
import { CategoryCatalogue } from '@duban/identity';
import { Validate, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';

/**
 * The category must be one of the configured catalogue (GET /categories). A Nest provider, so
 * configureApiApp lets class-validator resolve it from the app and the 400 names the field.
 */
@Injectable()
@ValidatorConstraint({ name: 'knownCategory' })
export class KnownCategoryConstraint implements ValidatorConstraintInterface {
  constructor(private readonly catalogue: CategoryCatalogue) {}

  validate(value: unknown): boolean {
    return typeof value === 'string' && this.catalogue.has(value);
  }

  defaultMessage({ property }: ValidationArguments): string {
    return `${property} must be one of the categories listed at GET /categories`;
  }
}

export const IsKnownCategory = (): PropertyDecorator => Validate(KnownCategoryConstraint);
