import type { Draft, Side } from "./draft";

/**
 * A side's row filter as the wizard builds it: conditions on a column's
 * value ("reporting_category is charge"), all of which a row must meet. It
 * is stored as the rule set's filter expression (`col("…") = "…" and …`),
 * so the engine, the saved rule set and the API read exactly what the
 * wizard shows; rows it leaves out are EXCLUDED with the filter as reason.
 * An expression written by hand that is not a list of such conditions is
 * kept as it is and shown as text.
 */
export type FilterOperator = "is" | "is not" | "contains";
export interface FilterCondition {
  column: string;
  operator: FilterOperator;
  value: string;
}

const SEPARATOR = " and ";

function literal(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function unliteral(text: string): string {
  return text.replace(/\\(["\\])/g, "$1");
}

export function conditionExpression(condition: FilterCondition): string {
  const column = `col(${literal(condition.column)})`;
  if (condition.operator === "contains") return `contains(${column}, ${literal(condition.value)})`;
  return `${column} ${condition.operator === "is" ? "=" : "!="} ${literal(condition.value)}`;
}

const STRING = String.raw`"((?:[^"\\]|\\.)*)"`;
const COMPARISON = new RegExp(String.raw`^col\(${STRING}\) (=|!=) ${STRING}$`);
const CONTAINS = new RegExp(String.raw`^contains\(col\(${STRING}\), ${STRING}\)$`);

/** The conditions the expression is made of, or null when it is something else (written by hand). */
export function parseFilter(expression: string | undefined): FilterCondition[] | null {
  if (!expression || expression.trim() === "") return [];
  const conditions: FilterCondition[] = [];
  for (const part of splitTopLevel(expression)) {
    const comparison = COMPARISON.exec(part);
    if (comparison) {
      conditions.push({ column: unliteral(comparison[1]!), operator: comparison[2] === "=" ? "is" : "is not", value: unliteral(comparison[3]!) });
      continue;
    }
    const contains = CONTAINS.exec(part);
    if (contains) {
      conditions.push({ column: unliteral(contains[1]!), operator: "contains", value: unliteral(contains[2]!) });
      continue;
    }
    return null;
  }
  return conditions;
}

/** Splits on " and " outside string literals, so a value may itself contain " and ". */
function splitTopLevel(expression: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let inString = false;
  for (let at = 0; at < expression.length; at++) {
    const char = expression[at];
    if (inString && char === "\\") {
      at++;
      continue;
    }
    if (char === '"') inString = !inString;
    else if (!inString && expression.startsWith(SEPARATOR, at)) {
      parts.push(expression.slice(start, at).trim());
      start = at + SEPARATOR.length;
      at = start - 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts;
}

export function filterExpression(conditions: readonly FilterCondition[]): string | undefined {
  return conditions.length === 0 ? undefined : conditions.map(conditionExpression).join(SEPARATOR);
}

export function setSideFilter(draft: Draft, side: Side, filter: string | undefined): Draft {
  const { filter: _old, ...rest } = draft[side];
  return { ...draft, [side]: filter === undefined || filter.trim() === "" ? rest : { ...rest, filter } };
}

export function describeCondition(condition: FilterCondition): string {
  return `${condition.column} ${condition.operator} "${condition.value}"`;
}
