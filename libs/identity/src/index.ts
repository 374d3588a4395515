export { IdentityModule } from './identity.module';
export {
  DEFAULT_TOKEN_TTL_SECONDS,
  DEMO_ORG_CONFIG_FILE,
  IDENTITY_MODULE_OPTIONS,
  type IdentityModuleOptions,
} from './auth/identity-module-options';
export { CurrentUser, IS_PUBLIC_KEY, Public, ROLES_KEY, Roles } from './auth/auth.decorators';
export { AccessGuard, type IdentityRequest } from './auth/access.guard';
export { TokenService, type AccessTokenClaims, type BearerRequest, type IssuedAccessToken } from './auth/token.service';
export { AccessTokenDto, AuthController, TokenRequestDto } from './auth/auth.controller';
export { AccessScope, assertMayChange, mayChange } from './access/access-scope';
export { OrgTree } from './organisation/org-tree';
export { ORG_LEVELS, type OrgLevel, type OrgUnit } from './organisation/org-unit';
export { CategoryCatalogue, type BilingualText, type ComplaintCategory } from './categories/complaint-category';
export { ROLES, type AuthenticatedUser, type Role, type UserAccount } from './users/user';
export { UserDirectory } from './users/user-directory';
export { hashPassword, verifyPassword } from './users/password-hash';
export {
  DEFAULT_DEMO_PASSWORD,
  loadIdentityConfig,
  parseIdentityConfig,
  type IdentityConfig,
  type IdentityConfigLoadOptions,
} from './config/identity-config';
export { IdentityConfigError } from './config/identity-config.error';
