/**
 * Typed errors of the matching core. A rule set that passed zod can still be
 * impossible to run against a given pair of tables (a key names a field one
 * side does not have, a pass has nothing to block candidates on); those are
 * configuration errors, raised before any row is touched so a run never
 * half-applies a rule set.
 */
export class MatchConfigurationError extends Error {
  override readonly name = "MatchConfigurationError";
  readonly passName: string | null;

  constructor(passName: string | null, detail: string) {
    super(passName === null ? detail : `pass "${passName}": ${detail}`);
    this.passName = passName;
  }
}

/** The tables or options handed to the engine break its input contract (e.g. an exclusion index out of range). */
export class MatchInputError extends Error {
  override readonly name = "MatchInputError";
}
