import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@duban/command-handling';
import { AppConfig } from '@duban/config';
import { ProblemException } from '@duban/http-problem';
import { TokenService } from '@duban/identity';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { TokenBuckets, type RateDecision } from './token-buckets';

/**
 * The API's request rate limits, kept in this process (so per API instance), on the injected
 * clock: one per principal over every route but /health, and a much stricter one on sign-in
 * attempts per client address and username. Answers carry the IETF draft RateLimit-Limit,
 * RateLimit-Remaining and RateLimit-Reset headers; a refusal is 429 problem+json with Retry-After.
 */
@Injectable()
export class RequestRateLimits {
  private readonly requests: TokenBuckets;
  private readonly logins: TokenBuckets;

  constructor(
    config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly tokens: TokenService,
  ) {
    this.requests = new TokenBuckets(config.RATE_LIMIT_PER_MINUTE);
    this.logins = new TokenBuckets(config.LOGIN_ATTEMPTS_PER_MINUTE);
  }

  /** Express middleware, before the body is read: the token's user when it is genuine, otherwise the client address. */
  readonly perPrincipal: RequestHandler = (request, response, next) => {
    if (request.path === '/health' || request.path.startsWith('/health/')) return next();
    this.principalOf(request).then((principal) => this.enforce(this.requests, principal, response, next), next);
  };

  /** Express middleware for POST /auth/token, after the JSON body is parsed: counts every attempt, right or wrong. */
  readonly loginAttempts: RequestHandler = (request, response, next) => {
    if (request.method !== 'POST') return next();
    const username: unknown = (request.body as { username?: unknown } | undefined)?.username;
    // Usernames are at most 64 characters; a longer one is refused by validation and counts for the address alone.
    const key = `${request.ip} ${typeof username === 'string' && username.length <= 64 ? username : ''}`;
    this.enforce(this.logins, key, response, next);
  };

  /** The guard later reuses this verification (TokenService.verifyRequest), so a request's token is checked once. */
  private async principalOf(request: Request): Promise<string> {
    const user = await this.tokens.verifyRequest(request).catch(() => undefined);
    return user ? `user ${user.username}` : `address ${request.ip}`;
  }

  private enforce(buckets: TokenBuckets, key: string, response: Response, next: NextFunction): void {
    const decision = buckets.take(key, this.clock.now().getTime());
    setRateLimitHeaders(response, decision);
    if (decision.allowed) return next();
    response.setHeader('Retry-After', String(decision.retryAfterSeconds));
    next(
      ProblemException.of(
        HttpStatus.TOO_MANY_REQUESTS,
        'rate-limited',
        { zh: `请求过于频繁；请 ${decision.retryAfterSeconds} 秒后再试。`, en: `Too many requests; try again in ${decision.retryAfterSeconds} s.` },
        {
          retryAfter: decision.retryAfterSeconds,
        },
      ),
    );
  }
}

function setRateLimitHeaders(response: Response, decision: RateDecision): void {
  response.setHeader('RateLimit-Limit', String(decision.limit));
  response.setHeader('RateLimit-Remaining', String(decision.remaining));
  response.setHeader('RateLimit-Reset', String(decision.resetSeconds));
}
