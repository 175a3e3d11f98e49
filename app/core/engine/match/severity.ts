import { DEFAULT_SEVERITY, type RuleSetDefinition } from "../rule-set";
import type { ExceptionType, Severity } from "../types";

export type SeverityRules = RuleSetDefinition["severity"];

/**
 * An exception's severity: the rule set's byType (else the default for the
 * type), then the first amount threshold for the type that the amount
 * exceeds. The amount is |source − target| for mismatches and the row's own
 * amount for MISSING_* (what is at stake when a row has no counterpart); with
 * no amount (ambiguity, duplicates, currency mismatches) only byType applies.
 * Thresholds are in minor units of whatever currency the exception has: the
 * rule set does not scope them by currency.
 */
export function severityFor(rules: SeverityRules, type: ExceptionType, amountMinor: number | null): Severity {
  const base = rules.byType[type] ?? DEFAULT_SEVERITY[type];
  if (amountMinor === null || Number.isNaN(amountMinor)) return base;
  const magnitude = Math.abs(amountMinor);
  for (const rule of rules.amountThresholds) {
    if (rule.type === type && magnitude > rule.overMinor) return rule.severity;
  }
  return base;
}
