/** How a scheme measures valid complaints against a unit's size (a unit figure in the organisation file). */
export const COMPLAINT_BASES = ['per10kTransactions', 'perCounter'] as const;
export type ComplaintBasis = (typeof COMPLAINT_BASES)[number];

export const SCORING_PERIODS = ['quarter', 'month', 'year'] as const;
export type ScoringPeriodKind = (typeof SCORING_PERIODS)[number];

/** The parts of a unit's score, each worth its weight in points (the weights add up to 100). */
export const SCORE_PARTS = ['inspection', 'complaints', 'onTime'] as const;
export type ScorePart = (typeof SCORE_PARTS)[number];

/**
 * A scoring scheme (考核办法) as published: each publication is a new version. Parts score 0–100
 * and count by weight; penalties are points deducted after the weighting.
 */
export type ScoringScheme = {
  id: string;
  version: number;
  name: string;
  /** The ranking period a score is made for; quarter by default (seed 004: 按季度排名). */
  period: ScoringPeriodKind;
  weights: Record<ScorePart, number>;
  complaints: {
    basis: ComplaintBasis;
    /** At or below this many valid complaints per basis unit the part earns 100. */
    fullMarksAtOrBelow: number;
    /** At or above this many it earns 0; linear in between. */
    zeroAtOrAbove: number;
  };
  penalties: {
    /** Score points deducted per penalty point of the unit's violations. */
    perPenaltyPoint: number;
    /** At most this many points are deducted in one period. */
    maxDeduction: number;
  };
};

export type SchemeIssue = { field: string; message: string; zh: string };

/** Scheme ids name streams and appear in paths, as checklist template ids do. */
export const SCORING_SCHEME_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A scheme that names its bad fields: every one at once, field by field, in English and Chinese. */
export class InvalidScoringSchemeError extends Error {
  constructor(readonly issues: readonly SchemeIssue[]) {
    super(`invalid scoring scheme: ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

class SchemeCheck {
  readonly issues: SchemeIssue[] = [];

  fail(field: string, message: string, zh: string): void {
    this.issues.push({ field, message, zh });
  }

  keys(field: string, value: Record<string, unknown>, known: readonly string[]): void {
    for (const key of Object.keys(value))
      if (!known.includes(key)) this.fail(field ? `${field}.${key}` : key, `is not a known field (known: ${known.join(', ')})`, `不是可识别的字段（可用：${known.join(', ')}）`);
  }

  object(field: string, value: unknown, known: readonly string[]): Record<string, unknown> {
    if (isRecord(value)) {
      this.keys(field, value, known);
      return value;
    }
    this.fail(field, `must be an object with ${known.join(', ')}`, `须为含 ${known.join('、')} 的对象`);
    return {};
  }

  number(field: string, value: unknown, min: number, max: number): number {
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    this.fail(field, `must be a number from ${min} to ${max}`, `须为 ${min} 至 ${max} 的数`);
    return min;
  }

  oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback: T): T {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.fail(field, `must be one of ${allowed.join(', ')}`, `须为下列之一：${allowed.join('、')}`);
    return fallback;
  }
}

/**
 * Validates a scoring scheme as a whole, naming every bad field in one InvalidScoringSchemeError.
 * `id` and `version` are set by the caller (the path and the store); `period` defaults to quarter.
 */
export function parseScoringScheme(input: unknown, id: string, version: number): ScoringScheme {
  const check = new SchemeCheck();
  if (!isRecord(input))
    throw new InvalidScoringSchemeError([
      { field: '', message: 'must be an object with name, weights, complaints and penalties', zh: '须为含 name、weights、complaints、penalties 的对象' },
    ]);
  check.keys('', input, ['id', 'version', 'name', 'period', 'weights', 'complaints', 'penalties']);
  if (!SCORING_SCHEME_ID.test(id))
    check.fail('id', 'must be 1 to 64 letters, digits, _ or -, starting with a letter or digit', '须为 1 至 64 个字母、数字、_ 或 -，以字母或数字开头');
  else if (input.id !== undefined && input.id !== id) check.fail('id', `must be "${id}" as in the path, or left out`, `须与路径中的 "${id}" 一致，或省略`);
  const name =
    typeof input.name === 'string' && input.name.trim().length > 0 && input.name.length <= 200
      ? input.name
      : (check.fail('name', 'must be a text of 1 to 200 characters', '须为 1 至 200 个字符的文本'), '');
  const period = input.period === undefined ? 'quarter' : check.oneOf('period', input.period, SCORING_PERIODS, 'quarter');
  const weightsInput = check.object('weights', input.weights, SCORE_PARTS);
  const weights = Object.fromEntries(SCORE_PARTS.map((part) => [part, check.number(`weights.${part}`, weightsInput[part], 0, 100)])) as Record<ScorePart, number>;
  const weightTotal = SCORE_PARTS.reduce((sum, part) => sum + weights[part], 0);
  if (isRecord(input.weights) && Math.abs(weightTotal - 100) > 1e-9) check.fail('weights', `must add up to 100, not ${weightTotal}`, `之和须为 100，而不是 ${weightTotal}`);
  const complaintsInput = check.object('complaints', input.complaints, ['basis', 'fullMarksAtOrBelow', 'zeroAtOrAbove']);
  const complaints = {
    basis: check.oneOf('complaints.basis', complaintsInput.basis, COMPLAINT_BASES, 'per10kTransactions'),
    fullMarksAtOrBelow: check.number('complaints.fullMarksAtOrBelow', complaintsInput.fullMarksAtOrBelow, 0, 1_000_000),
    zeroAtOrAbove: check.number('complaints.zeroAtOrAbove', complaintsInput.zeroAtOrAbove, 0, 1_000_000),
  };
  if (isRecord(input.complaints) && complaints.zeroAtOrAbove <= complaints.fullMarksAtOrBelow)
    check.fail('complaints.zeroAtOrAbove', 'must be greater than fullMarksAtOrBelow', '须大于 fullMarksAtOrBelow');
  const penaltiesInput = check.object('penalties', input.penalties, ['perPenaltyPoint', 'maxDeduction']);
  const penalties = {
    perPenaltyPoint: check.number('penalties.perPenaltyPoint', penaltiesInput.perPenaltyPoint, 0, 100),
    maxDeduction: check.number('penalties.maxDeduction', penaltiesInput.maxDeduction, 0, 100),
  };
  if (check.issues.length > 0) throw new InvalidScoringSchemeError(check.issues);
  return { id, version, name, period, weights, complaints, penalties };
}
