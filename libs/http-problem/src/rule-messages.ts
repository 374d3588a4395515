import type { Bilingual } from './language';

/** What a rule says of a field: its label in both languages and the rule's arguments (a maximum, the allowed values). */
export type RuleMessage = (label: Bilingual, args: readonly unknown[]) => Bilingual;

const listed = (args: readonly unknown[]): string => (Array.isArray(args[0]) ? (args[0] as unknown[]).join(', ') : '');
const number = (args: readonly unknown[]): string => (typeof args[0] === 'number' ? String(args[0]) : '');

/**
 * Every rule a 400 can name (class-validator's and the input screening's), in zh-CN and English.
 * A unit test enumerates the rules the API's request classes use: a rule without both languages
 * fails it. zh quotes the label 「」, en with "".
 */
export const RULE_MESSAGES = {
  isString: (l) => ({ zh: `「${l.zh}」须为文本`, en: `"${l.en}" must be text` }),
  isNotEmpty: (l) => ({ zh: `「${l.zh}」不能为空`, en: `"${l.en}" must not be empty` }),
  maxLength: (l, args) => ({ zh: `「${l.zh}」不能超过 ${number(args)} 个字符`, en: `"${l.en}" must be at most ${number(args)} characters` }),
  minLength: (l, args) => ({ zh: `「${l.zh}」至少 ${number(args)} 个字符`, en: `"${l.en}" must be at least ${number(args)} characters` }),
  isIn: (l, args) => ({ zh: `「${l.zh}」须为下列之一：${listed(args)}`, en: `"${l.en}" must be one of: ${listed(args)}` }),
  isInt: (l) => ({ zh: `「${l.zh}」须为整数`, en: `"${l.en}" must be a whole number` }),
  isNumber: (l) => ({ zh: `「${l.zh}」须为数字`, en: `"${l.en}" must be a number` }),
  min: (l, args) => ({ zh: `「${l.zh}」不能小于 ${number(args)}`, en: `"${l.en}" must be at least ${number(args)}` }),
  max: (l, args) => ({ zh: `「${l.zh}」不能大于 ${number(args)}`, en: `"${l.en}" must be at most ${number(args)}` }),
  isBoolean: (l) => ({ zh: `「${l.zh}」须为 true 或 false`, en: `"${l.en}" must be true or false` }),
  isObject: (l) => ({ zh: `「${l.zh}」须为 JSON 对象`, en: `"${l.en}" must be a JSON object` }),
  isArray: (l) => ({ zh: `「${l.zh}」须为列表`, en: `"${l.en}" must be a list` }),
  arrayMinSize: (l, args) => ({ zh: `「${l.zh}」至少 ${number(args)} 项`, en: `"${l.en}" must list at least ${number(args)} items` }),
  arrayMaxSize: (l, args) => ({ zh: `「${l.zh}」最多 ${number(args)} 项`, en: `"${l.en}" must list at most ${number(args)} items` }),
  isJson: (l) => ({ zh: `「${l.zh}」须为 JSON 文本`, en: `"${l.en}" must be JSON text` }),
  matches: (l) => ({ zh: `「${l.zh}」格式不对`, en: `"${l.en}" is not in the expected format` }),
  isInstant: (l) => ({
    zh: `「${l.zh}」须为带时区的 ISO 8601 时刻，如 2025-03-01T16:00+08:00`,
    en: `"${l.en}" must be an ISO 8601 instant with its offset, e.g. 2025-03-01T08:00:00Z or 2025-03-01T16:00+08:00`,
  }),
  knownCategory: (l) => ({ zh: `「${l.zh}」须为 GET /categories 所列类别之一`, en: `"${l.en}" must be one of the categories listed at GET /categories` }),
  knownStaffMember: (l) => ({ zh: `「${l.zh}」须为组织架构文件所列员工的工号`, en: `"${l.en}" must be the staff id of an employee in the organisation file` }),
  nestedValidation: (l) => ({ zh: `「${l.zh}」须为 JSON 对象或列表`, en: `"${l.en}" must be a JSON object or list` }),
  unknownValue: (l) => ({ zh: `「${l.zh}」不是本请求可接受的值`, en: `"${l.en}" is not a value this request takes` }),
  whitelistValidation: (l) => ({ zh: `本请求没有「${l.zh}」这一字段`, en: `"${l.en}" is not a field of this request` }),
  forbiddenKey: (l) => ({ zh: `不接受名为「${l.zh}」的字段`, en: `a field named "${l.en}" is not allowed` }),
  wellFormedText: (l) => ({
    zh: `「${l.zh}」含控制字符或不成对的代理项，不是合法文本`,
    en: `"${l.en}" must be well-formed text (no control characters but tab and line breaks, no unpaired surrogate)`,
  }),
  maxDepth: (l, args) => ({ zh: `「${l.zh}」嵌套超过 ${number(args)} 层`, en: `"${l.en}" nests deeper than ${number(args)} levels` }),
} satisfies Record<string, RuleMessage>;

export type Rule = keyof typeof RULE_MESSAGES;

export function isRule(rule: string): rule is Rule {
  return Object.hasOwn(RULE_MESSAGES, rule);
}

/** What any other rule says; a rule reaching this has no entry yet (the catalogue test catches those the request classes use). */
export const UNKNOWN_RULE: RuleMessage = (l) => ({ zh: `「${l.zh}」不符合规则`, en: `"${l.en}" breaks a rule` });
