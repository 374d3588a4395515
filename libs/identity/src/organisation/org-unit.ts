/** Levels from the top of the bank down; the order is the hierarchy. */
export const ORG_LEVELS = ['head_office', 'branch', 'sub_branch', 'outlet'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export interface OrgUnit {
  readonly id: string;
  /** Chinese name, as used in the documents (e.g. 海城支行). */
  readonly name: string;
  readonly nameEn: string;
  /** null only for head office. */
  readonly parentId: string | null;
  readonly level: OrgLevel;
  /**
   * Usernames of the unit's complaint managers (投诉管理人, seed 002 "指定专人负责"), to whom a case's
   * first-contact handler hands it (转办). Each works at the unit or above it, so sees its cases.
   */
  readonly complaintManagers?: readonly string[];
  /** Transactions a quarter (业务笔数): valid complaints per 10,000 of them score the unit (GET /reports/scores). */
  readonly transactionsPerQuarter?: number;
  /** Counters (窗口) open at the unit: the other basis a scoring scheme may measure valid complaints against. */
  readonly counters?: number;
  /** The unit distributes cases bank-wide (the call centre, seed 003 "负责分发客服中心转交的投诉"): its supervisors transfer anywhere. */
  readonly distributesCases?: boolean;
}
