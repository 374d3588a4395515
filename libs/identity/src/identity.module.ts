import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccessScope } from './access/access-scope';
import { AccessGuard } from './auth/access.guard';
import { AuthController } from './auth/auth.controller';
import { DEFAULT_TOKEN_TTL_SECONDS, IDENTITY_MODULE_OPTIONS, MIN_JWT_SECRET_LENGTH, type IdentityModuleOptions } from './auth/identity-module-options';
import { TokenService } from './auth/token.service';
import { CategoryCatalogue } from './categories/complaint-category';
import { loadIdentityConfig, type IdentityConfig } from './config/identity-config';
import { OrgTree } from './organisation/org-tree';
import { StaffDirectory } from './staff/staff-directory';
import { UserDirectory } from './users/user-directory';

const IDENTITY_CONFIG = Symbol('IDENTITY_CONFIG');

/**
 * Global: provides OrgTree, CategoryCatalogue, UserDirectory, StaffDirectory, AccessScope and TokenService,
 * serves POST /auth/token, and registers AccessGuard as APP_GUARD so every route of the app
 * needs a bearer token unless marked @Public().
 */
@Module({})
export class IdentityModule {
  static forRoot(options: IdentityModuleOptions): DynamicModule {
    assertUsableOptions(options);
    return {
      module: IdentityModule,
      global: true,
      // A KeyObject, made once: given a string, jsonwebtoken first tries to parse it as a PEM public
      // key on every verify, and that failed parse cost more than the rest of a command's request.
      imports: [JwtModule.register({ secret: createSecretKey(Buffer.from(options.jwtSecret)) })],
      controllers: [AuthController],
      providers: [
        { provide: IDENTITY_MODULE_OPTIONS, useValue: options },
        {
          provide: IDENTITY_CONFIG,
          useFactory: (): Promise<IdentityConfig> =>
            loadIdentityConfig(options.configFile, {
              demoMode: options.demoMode,
              demoPassword: options.demoPassword,
              nodeEnv: options.nodeEnv ?? process.env.NODE_ENV,
            }),
        },
        { provide: OrgTree, useFactory: (config: IdentityConfig) => config.orgTree, inject: [IDENTITY_CONFIG] },
        { provide: CategoryCatalogue, useFactory: (config: IdentityConfig) => config.categories, inject: [IDENTITY_CONFIG] },
        { provide: UserDirectory, useFactory: (config: IdentityConfig) => config.users, inject: [IDENTITY_CONFIG] },
        { provide: StaffDirectory, useFactory: (config: IdentityConfig) => config.staff, inject: [IDENTITY_CONFIG] },
        { provide: AccessScope, useFactory: (orgTree: OrgTree) => new AccessScope(orgTree), inject: [OrgTree] },
        TokenService,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [OrgTree, CategoryCatalogue, UserDirectory, StaffDirectory, AccessScope, TokenService],
    };
  }
}

function assertUsableOptions({ jwtSecret, tokenTtlSeconds = DEFAULT_TOKEN_TTL_SECONDS }: IdentityModuleOptions): void {
  if (typeof jwtSecret !== 'string' || jwtSecret.length < MIN_JWT_SECRET_LENGTH) {
    throw new Error(`IdentityModule: jwtSecret must be at least ${MIN_JWT_SECRET_LENGTH} characters (HS256 needs a 256-bit key).`);
  }
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds <= 0) {
    throw new Error(`IdentityModule: tokenTtlSeconds must be a positive whole number, got ${tokenTtlSeconds}.`);
  }
}
