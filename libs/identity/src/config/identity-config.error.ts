/**
 * The identity configuration (organisation, categories, users) is unusable. Carries every
 * problem found, so an operator fixes the file in one pass instead of one error per restart.
 */
export class IdentityConfigError extends Error {
  constructor(
    readonly issues: readonly string[],
    source?: string,
  ) {
    super(`Invalid identity configuration${source ? ` in ${source}` : ''}:\n- ${issues.join('\n- ')}`);
    this.name = new.target.name;
  }
}
