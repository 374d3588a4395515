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
}
