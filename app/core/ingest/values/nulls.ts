/** Cell texts that mean "no value" in the exports we ingest (the list); compared after trimming. */
const NULL_TOKENS: ReadonlySet<string> = new Set(["", "N/A", "NULL", "-", "n/a", "null"]);

export function isNullToken(raw: string | null): boolean {
  return raw === null || NULL_TOKENS.has(raw.trim());
}
