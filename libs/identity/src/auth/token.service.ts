import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { ROLES, type AuthenticatedUser, type Role } from '../users/user';
import { UserDirectory } from '../users/user-directory';
import { DEFAULT_TOKEN_TTL_SECONDS, IDENTITY_MODULE_OPTIONS, type IdentityModuleOptions } from './identity-module-options';
import { refusal } from './refusal';

export interface AccessTokenClaims {
  readonly sub: string;
  readonly role: Role;
  readonly unitId: string;
  readonly name: string;
}

export interface IssuedAccessToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

// Pinned on both sides: the algorithm is never taken from the token header ('none', RS/HS confusion).
const ALGORITHM = 'HS256';

const NOT_VALID = { zh: '访问令牌无效。', en: 'The access token is not valid.' };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** What verifyRequest needs of an HTTP request: its headers. */
export interface BearerRequest {
  readonly headers: Record<string, string | string[] | undefined>;
}

@Injectable()
export class TokenService {
  private readonly ttlSeconds: number;
  /** One verification per request, however many layers ask (the rate limiter, then the access guard). */
  private readonly verifiedRequests = new WeakMap<BearerRequest, Promise<AuthenticatedUser>>();

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UserDirectory,
    @Inject(IDENTITY_MODULE_OPTIONS) options: IdentityModuleOptions,
  ) {
    this.ttlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  }

  async issue(user: AuthenticatedUser): Promise<IssuedAccessToken> {
    const claims: AccessTokenClaims = { sub: user.username, role: user.role, unitId: user.unitId, name: user.displayName };
    const accessToken = await this.jwt.signAsync(claims, { algorithm: ALGORITHM, expiresIn: this.ttlSeconds });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.ttlSeconds };
  }

  /** The user of the request's `Authorization: Bearer` token, verified once per request (see verify). */
  verifyRequest(request: BearerRequest): Promise<AuthenticatedUser> {
    let verified = this.verifiedRequests.get(request);
    if (!verified) {
      // Inside the promise: a missing or malformed header is a rejection like a bad token, never a throw.
      verified = (async () => this.verify(bearerTokenOf(request)))();
      this.verifiedRequests.set(request, verified);
    }
    return verified;
  }

  /**
   * The token must be genuine, unexpired, and still match the account in the directory:
   * a user removed from the config, or moved to another role or unit, has to log in again.
   */
  async verify(accessToken: string): Promise<AuthenticatedUser> {
    let claims: Partial<AccessTokenClaims> & { exp?: unknown };
    try {
      claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(accessToken, { algorithms: [ALGORITHM] });
    } catch (error) {
      if (error instanceof TokenExpiredError) throw refusal(UnauthorizedException, { zh: '访问令牌已过期，请重新登录。', en: 'The access token has expired; request a new one.' });
      throw refusal(UnauthorizedException, NOT_VALID);
    }
    // Every token we issue expires; one without `exp` (the library accepts it) would never die.
    if (typeof claims.exp !== 'number') throw refusal(UnauthorizedException, NOT_VALID);
    const user = typeof claims.sub === 'string' ? this.users.find(claims.sub) : undefined;
    if (!user || !ROLES.includes(claims.role as Role) || user.role !== claims.role || user.unitId !== claims.unitId) {
      throw refusal(UnauthorizedException, { zh: '访问令牌对应的账号已不再有效，请重新登录。', en: 'The access token no longer matches an active account; request a new one.' });
    }
    return user;
  }
}

function bearerTokenOf(request: BearerRequest): string {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (!match)
    throw refusal(UnauthorizedException, {
      zh: '请先登录：携带 POST /auth/token 取得的 "Authorization: Bearer <令牌>"。',
      en: 'Sign in first: send "Authorization: Bearer <token>" from POST /auth/token.',
    });
  return match[1];
}
