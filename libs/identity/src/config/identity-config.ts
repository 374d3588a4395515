import { readFile } from 'node:fs/promises';
import { CategoryCatalogue, type BilingualText, type ComplaintCategory } from '../categories/complaint-category';
import { OrgTree } from '../organisation/org-tree';
import { ORG_LEVELS, type OrgUnit } from '../organisation/org-unit';
import { hashPassword, parsePasswordHash } from '../users/password-hash';
import { StaffDirectory } from '../staff/staff-directory';
import type { StaffMember } from '../staff/staff-member';
import { ROLES, type UserAccount } from '../users/user';
import { UserDirectory } from '../users/user-directory';
import { IdentityConfigError } from './identity-config.error';

export const DEFAULT_DEMO_PASSWORD = 'demo-password';

export interface IdentityConfigLoadOptions {
  /**
   * Demo mode lets users without a stored `passwordHash` log in with `demoPassword`.
   * Refused when `nodeEnv` is 'production', because the demo password is public.
   */
  readonly demoMode: boolean;
  readonly demoPassword?: string;
  readonly nodeEnv?: string;
}

export interface IdentityConfig {
  readonly orgTree: OrgTree;
  readonly categories: CategoryCatalogue;
  readonly users: UserDirectory;
  readonly staff: StaffDirectory;
}

/**
 * Shape of the JSON file:
 * `{ units: OrgUnit[], categories: {id, label: {zh, en}, examples?: {zh, en}[]}[],
 *    users: {username, displayName, role, unitId, passwordHash?}[],
 *    staff?: {id, name, unitId, position}[] }`.
 */
export async function loadIdentityConfig(configFile: string, options: IdentityConfigLoadOptions): Promise<IdentityConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(configFile, 'utf8'));
  } catch (error) {
    throw new IdentityConfigError([`cannot read JSON: ${(error as Error).message}`], configFile);
  }
  try {
    return await parseIdentityConfig(raw, options);
  } catch (error) {
    throw error instanceof IdentityConfigError ? new IdentityConfigError(error.issues, configFile) : error;
  }
}

export async function parseIdentityConfig(raw: unknown, options: IdentityConfigLoadOptions): Promise<IdentityConfig> {
  const production = options.nodeEnv === 'production';
  if (options.demoMode && production) {
    throw new IdentityConfigError(['demo mode is refused when NODE_ENV=production: demo users share a publicly known password']);
  }
  const demoPassword = options.demoPassword ?? DEFAULT_DEMO_PASSWORD;
  if (options.demoMode && demoPassword.length === 0) throw new IdentityConfigError(['the demo password must not be empty']);

  const reader = new ConfigReader();
  const root = reader.object(raw, 'config');
  const units = reader.list(root, 'units', (item, at): OrgUnit => ({
    id: reader.text(item, 'id', at),
    name: reader.text(item, 'name', at),
    nameEn: reader.text(item, 'nameEn', at),
    parentId: item.parentId === null ? null : reader.text(item, 'parentId', at),
    level: reader.oneOf(item, 'level', ORG_LEVELS, at),
    ...(item.complaintManagers !== undefined && { complaintManagers: reader.texts(item, 'complaintManagers', at) }),
    ...(item.distributesCases !== undefined && { distributesCases: reader.flag(item, 'distributesCases', at) }),
    ...(item.transactionsPerQuarter !== undefined && { transactionsPerQuarter: reader.count(item, 'transactionsPerQuarter', at) }),
    ...(item.counters !== undefined && { counters: reader.count(item, 'counters', at) }),
  }));
  const categories = reader.list(root, 'categories', (item, at): ComplaintCategory => ({
    id: reader.text(item, 'id', at),
    label: reader.bilingual(reader.object(item.label, `${at}.label`), `${at}.label`),
    examples: item.examples === undefined ? [] : reader.list(item, 'examples', (example, exampleAt) => reader.bilingual(example, exampleAt), at),
  }));
  const users = reader.list(root, 'users', (item, at) => ({
    username: reader.text(item, 'username', at),
    displayName: reader.text(item, 'displayName', at),
    role: reader.oneOf(item, 'role', ROLES, at),
    unitId: reader.text(item, 'unitId', at),
    passwordHash: item.passwordHash === undefined ? undefined : reader.text(item, 'passwordHash', at),
  }));
  const staff =
    root.staff === undefined
      ? []
      : reader.list(root, 'staff', (item, at): StaffMember => ({
          id: reader.text(item, 'id', at),
          name: reader.text(item, 'name', at),
          unitId: reader.text(item, 'unitId', at),
          position: reader.text(item, 'position', at),
        }));
  // Stop before cross-checks: they would only repeat the shape problems in other words.
  reader.throwIfIssues();

  let orgTree: OrgTree | undefined;
  try {
    orgTree = OrgTree.fromUnits(units);
  } catch (error) {
    if (!(error instanceof IdentityConfigError)) throw error;
    reader.issues.push(...error.issues.map((issue) => `units: ${issue}`));
  }
  reader.requireUnique(
    categories.map((category) => category.id),
    'category id',
  );
  reader.requireUnique(
    users.map((user) => user.username),
    'username',
  );
  reader.requireUnique(
    staff.map((member) => member.id),
    'staff id',
  );
  const unitIds = new Set(units.map((unit) => unit.id));
  for (const member of staff) {
    if (!unitIds.has(member.unitId)) reader.issues.push(`staff member "${member.id}" belongs to unknown unit "${member.unitId}"`);
  }
  for (const user of users) {
    if (!unitIds.has(user.unitId)) reader.issues.push(`user "${user.username}" belongs to unknown unit "${user.unitId}"`);
    if (user.passwordHash !== undefined) {
      try {
        parsePasswordHash(user.passwordHash);
      } catch (error) {
        reader.issues.push(`user "${user.username}": ${(error as Error).message}`);
      }
    } else if (!options.demoMode) {
      reader.issues.push(
        production
          ? `user "${user.username}" has no passwordHash; demo users are refused when NODE_ENV=production`
          : `user "${user.username}" has no passwordHash; only demo mode may load users without one`,
      );
    }
  }
  if (orgTree !== undefined) reader.issues.push(...complaintManagerIssues(units, users, orgTree));
  reader.throwIfIssues();

  // One hash serves every demo user: they share the password anyway.
  const demoHash = users.some((user) => user.passwordHash === undefined) ? await hashPassword(demoPassword) : '';
  const accounts: UserAccount[] = users.map(({ passwordHash, ...user }) => ({ ...user, passwordHash: passwordHash ?? demoHash }));
  return { orgTree: orgTree!, categories: new CategoryCatalogue(categories), users: new UserDirectory(accounts), staff: new StaffDirectory(staff) };
}

/** Roles that work cases: only they can take a handed-over case. */
const CASE_WORKING_ROLES: readonly string[] = ['handler', 'unit_head', 'supervisor'];

/** A complaint manager must be a user who works cases at the unit or above it, or the cases handed to them would be out of their sight. */
function complaintManagerIssues(units: readonly OrgUnit[], users: readonly { username: string; role: string; unitId: string }[], orgTree: OrgTree): string[] {
  const byUsername = new Map(users.map((user) => [user.username, user]));
  return units.flatMap((unit) =>
    (unit.complaintManagers ?? []).flatMap((username) => {
      const user = byUsername.get(username);
      if (user === undefined) return [`unit "${unit.id}": complaint manager "${username}" is not a user`];
      if (!CASE_WORKING_ROLES.includes(user.role)) return [`unit "${unit.id}": complaint manager "${username}" is a ${user.role}; must be one of ${CASE_WORKING_ROLES.join(', ')}`];
      const sees = user.unitId === unit.id || orgTree.ancestors(unit.id).some((ancestor) => ancestor.id === user.unitId);
      return sees ? [] : [`unit "${unit.id}": complaint manager "${username}" works at "${user.unitId}", neither the unit nor above it`];
    }),
  );
}

type JsonObject = Record<string, unknown>;

/** Reads untrusted JSON, recording every problem with its path instead of stopping at the first. */
class ConfigReader {
  readonly issues: string[] = [];

  object(value: unknown, at: string): JsonObject {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
    this.issues.push(`${at} must be an object`);
    return {};
  }

  text(item: JsonObject, key: string, at: string): string {
    const value = item[key];
    if (typeof value === 'string' && value.trim().length > 0) return value;
    this.issues.push(`${at}.${key} must be a non-empty string`);
    return '';
  }

  flag(item: JsonObject, key: string, at: string): boolean {
    const value = item[key];
    if (typeof value === 'boolean') return value;
    this.issues.push(`${at}.${key} must be true or false`);
    return false;
  }

  /** A whole number from 0 up, e.g. a unit's counters. */
  count(item: JsonObject, key: string, at: string): number {
    const value = item[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
    this.issues.push(`${at}.${key} must be a whole number from 0 up`);
    return 0;
  }

  /** A list of non-empty strings, e.g. usernames. */
  texts(item: JsonObject, key: string, at: string): string[] {
    const value = item[key];
    if (Array.isArray(value) && value.every((element) => typeof element === 'string' && element.trim().length > 0)) return value as string[];
    this.issues.push(`${at}.${key} must be an array of non-empty strings`);
    return [];
  }

  oneOf<T extends string>(item: JsonObject, key: string, allowed: readonly T[], at: string): T {
    const value = item[key];
    if (allowed.includes(value as T)) return value as T;
    this.issues.push(`${at}.${key} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    return allowed[0];
  }

  bilingual(item: JsonObject, at: string): BilingualText {
    return { zh: this.text(item, 'zh', at), en: this.text(item, 'en', at) };
  }

  list<T>(parent: JsonObject, key: string, readItem: (item: JsonObject, at: string) => T, parentAt = ''): T[] {
    const at = parentAt ? `${parentAt}.${key}` : key;
    const value = parent[key];
    if (!Array.isArray(value)) {
      this.issues.push(`${at} must be an array`);
      return [];
    }
    return value.map((element, index) => readItem(this.object(element, `${at}[${index}]`), `${at}[${index}]`));
  }

  requireUnique(values: readonly string[], what: string): void {
    const duplicates = new Set(values.filter((value, index) => values.indexOf(value) !== index));
    for (const duplicate of duplicates) this.issues.push(`duplicate ${what} "${duplicate}"`);
  }

  throwIfIssues(): void {
    if (this.issues.length > 0) throw new IdentityConfigError(this.issues);
  }
}
