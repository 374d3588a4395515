import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { assertMayChange } from '../access/access-scope';
import type { AuthenticatedUser, Role } from '../users/user';
import { IS_PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import type { IdentityRequest } from './identity-request';
import { TokenService } from './token.service';
import { refusal } from './refusal';

interface HttpResponse {
  setHeader(name: string, value: string): unknown;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Registered globally by IdentityModule: every route needs a valid bearer token unless marked
 * @Public(); @Roles() narrows who may call it; auditors are refused on mutating methods.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<IdentityRequest>();
    const user = await this.authenticate(request, http.getResponse<HttpResponse>());
    request.user = user;

    const allowedRoles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowedRoles && !allowedRoles.includes(user.role)) {
      throw refusal(ForbiddenException, { zh: `此操作需要下列角色之一：${allowedRoles.join('、')}。`, en: `This action needs one of the roles: ${allowedRoles.join(', ')}.` });
    }
    if (!SAFE_METHODS.has(request.method.toUpperCase()) && !allowedRoles?.includes(user.role)) assertMayChange(user);
    return true;
  }

  private async authenticate(request: IdentityRequest, response: HttpResponse): Promise<AuthenticatedUser> {
    try {
      return await this.tokens.verifyRequest(request);
    } catch (error) {
      // RFC 6750 §3: tell the client which scheme to use.
      if (error instanceof UnauthorizedException) response.setHeader('WWW-Authenticate', 'Bearer realm="duban"');
      throw error;
    }
  }
}
