import { Injectable } from '@nestjs/common';
import { StaffDirectory } from '@duban/identity';
import { Validate, ValidatorConstraint, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';

/**
 * The staff id must be an employee of the organisation file. A Nest provider, so configureApiApp
 * lets class-validator resolve it from the app and the 400 names the field.
 */
@Injectable()
@ValidatorConstraint({ name: 'knownStaffMember' })
export class KnownStaffMemberConstraint implements ValidatorConstraintInterface {
  constructor(private readonly staff: StaffDirectory) {}

  validate(value: unknown): boolean {
    return typeof value === 'string' && this.staff.find(value) !== undefined;
  }

  defaultMessage({ property }: ValidationArguments): string {
    return `${property} must be the staff id (工号) of an employee in the organisation file`;
  }
}

export const IsKnownStaffMember = (): PropertyDecorator => Validate(KnownStaffMemberConstraint);
