import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import type { AuthenticatedUser, Role } from '../users/user';
import type { IdentityRequest } from './identity-request';

export const IS_PUBLIC_KEY = 'duban:identity:public';
export const ROLES_KEY = 'duban:identity:roles';

/** The route (or every route of the controller) answers without a bearer token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * Only these roles may call the route; others get 403. Listing 'auditor' also lets auditors
 * use a mutating HTTP method here (e.g. a POST that only replays or queries). The OpenAPI document
 * lists the 403.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiForbiddenResponse({ description: `Only for ${roles.join(', ')}` }));

/** The authenticated caller. Only meaningful on routes that are not @Public(). */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const { user } = context.switchToHttp().getRequest<IdentityRequest>();
  if (!user) throw new Error('@CurrentUser() used on a route without an authenticated user (is it @Public()?)');
  return user;
});
