export interface BilingualText {
  readonly zh: string;
  readonly en: string;
}

/** A complaint / finding category; configurable data, not code, so a bank can add its own. */
export interface ComplaintCategory {
  readonly id: string;
  readonly label: BilingualText;
  readonly examples: readonly BilingualText[];
}

export class CategoryCatalogue {
  private readonly categoriesById: ReadonlyMap<string, ComplaintCategory>;

  /** Ids are checked for uniqueness by the config loader, which reports every problem at once. */
  constructor(readonly categories: readonly ComplaintCategory[]) {
    this.categoriesById = new Map(categories.map((category) => [category.id, category]));
  }

  has(categoryId: string): boolean {
    return this.categoriesById.has(categoryId);
  }

  get(categoryId: string): ComplaintCategory {
    const category = this.categoriesById.get(categoryId);
    if (!category) throw new Error(`Unknown complaint category "${categoryId}"`);
    return category;
  }
}
