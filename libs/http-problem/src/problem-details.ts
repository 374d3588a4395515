import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { DEFAULT_LANGUAGE, inLanguage, type Bilingual, type Language } from './language';
import { RULE_MESSAGES, UNKNOWN_RULE, isRule } from './rule-messages';

/**
 * One rule a field broke, e.g. {field: 'customer.phone', rule: 'matches', label: 客户电话}. The
 * message comes from the rule's catalogue entry (RULE_MESSAGES) unless the check says more itself.
 */
export interface FieldViolation {
  /** Dotted path in the request: `customer.phone`, `measures.0`. */
  field: string;
  rule: string;
  /** The field as people say it; the path where the field has no label (an unknown field). */
  label?: Bilingual;
  /** The rule's arguments: a maximum, the allowed values. */
  args?: readonly unknown[];
  message?: Bilingual;
}

/** A field violation as an answer in one language shows it. */
export interface FieldError {
  field: string;
  rule: string;
  label: string;
  message: string;
}

/** RFC 9457 problem details. Extension members sit beside the standard ones. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const PROBLEM_TYPE_BASE = 'https://duban.example/problems/';

export function problemType(slug: string): string {
  return PROBLEM_TYPE_BASE + slug;
}

const STATUS_TITLES_ZH: Readonly<Record<number, string>> = {
  400: '请求有误',
  401: '未登录或登录已失效',
  403: '无权操作',
  404: '未找到',
  405: '不支持此方法',
  406: '无法提供所要求的格式',
  408: '请求超时',
  409: '与当前状态冲突',
  410: '已删除',
  412: '版本已变化',
  413: '请求体过大',
  415: '不支持的内容类型',
  422: '违反业务规则',
  428: '缺少前提条件',
  429: '请求过于频繁',
  431: '请求头过大',
  500: '服务器内部错误',
  503: '服务暂不可用',
};

/** The status's reason phrase in both languages (English as Node spells it). */
export function statusTitle(status: number): Bilingual {
  return { zh: STATUS_TITLES_ZH[status] ?? '错误', en: STATUS_CODES[status] ?? 'Error' };
}

/** How one field violation reads in `language`. */
export function fieldError(violation: FieldViolation, language: Language): FieldError {
  const label = violation.label ?? { zh: violation.field, en: violation.field };
  const message = violation.message ?? (isRule(violation.rule) ? RULE_MESSAGES[violation.rule] : UNKNOWN_RULE)(label, violation.args ?? []);
  return { field: violation.field, rule: violation.rule, label: inLanguage(label, language), message: inLanguage(message, language) };
}

/** A problem before its language is chosen: the detail in both languages, the field violations unrendered. */
export interface BilingualProblem {
  readonly status: number;
  readonly slug: string;
  readonly detail: Bilingual;
  readonly extensions?: Readonly<Record<string, unknown>>;
  readonly violations?: readonly FieldViolation[];
}

/**
 * An HttpException that knows its problem document in both languages: thrown wherever the API
 * wants to say more than a status (the field violations, the allowed commands, the actual
 * revision). The filter renders it in the language the request asked for.
 */
export class ProblemException extends HttpException {
  constructor(readonly bilingual: BilingualProblem) {
    super(bilingual.detail.en, bilingual.status);
  }

  /** The document in the default language. */
  get problem(): ProblemDetails {
    return this.in(DEFAULT_LANGUAGE);
  }

  in(language: Language): ProblemDetails {
    const { status, slug, detail, extensions, violations } = this.bilingual;
    return {
      type: problemType(slug),
      title: inLanguage(statusTitle(status), language),
      status,
      detail: inLanguage(detail, language),
      ...extensions,
      ...(violations && { errors: violations.map((violation) => fieldError(violation, language)) }),
    };
  }

  static of(status: HttpStatus, slug: string, detail: Bilingual, extensions: Record<string, unknown> = {}): ProblemException {
    return new ProblemException({ status, slug, detail, extensions });
  }
}
