import { compileLinearRegex } from "~/core/engine/linear-regex";
import type { PackParameter } from "./pack-schema";

/**
 * Pack parameters: what an operator chooses when cloning a pack (currency,
 * tolerances, time zone, account ids), referenced as `{{params.x}}` anywhere
 * in the pack's rule sets and streams. A string that is exactly one
 * placeholder becomes the typed value (so `"toleranceMinor": "{{params.t}}"`
 * is a number); a placeholder inside longer text is interpolated as text.
 */
export type ParameterValue = string | number | boolean;

export interface LocatedProblem {
  /** JSON pointer (into the manifest, or into the request body for instantiate). */
  pointer: string;
  message: string;
}

const PLACEHOLDER = /\{\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;
const CURRENCY = /^[A-Z]{3}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A value's problem against its parameter's type, or null when it fits. */
export function checkParameterValue(parameter: PackParameter, value: unknown): string | null {
  switch (parameter.type) {
    case "integer":
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return parameter.type === "integer" ? "must be an integer" : "must be a number";
      if (parameter.type === "integer" && !Number.isSafeInteger(value)) return "must be a whole number";
      if (parameter.minimum !== undefined && value < parameter.minimum) return `must be at least ${parameter.minimum}`;
      if (parameter.maximum !== undefined && value > parameter.maximum) return `must be at most ${parameter.maximum}`;
      return null;
    }
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "currency":
      return typeof value === "string" && CURRENCY.test(value) ? null : "must be an ISO 4217 currency code such as USD";
    case "timeZone":
      return typeof value === "string" && isTimeZone(value) ? null : "must be an IANA time zone such as Europe/Berlin";
    case "date":
      return typeof value === "string" && ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? null : "must be a date as yyyy-mm-dd";
    case "enum":
      return typeof value === "string" && (parameter.options ?? []).includes(value) ? null : `must be one of ${(parameter.options ?? []).join(", ")}`;
    case "string": {
      if (typeof value !== "string") return "must be text";
      if (value.length > 500) return "must be at most 500 characters";
      if (parameter.pattern !== undefined && !compileLinearRegex(parameter.pattern).testWhole(value)) return `must match ${parameter.pattern}`;
      return null;
    }
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The parameters' values: the defaults, overridden by what the caller gives; every value type-checked. */
export function resolveParameterValues(
  declared: Record<string, PackParameter>,
  given: Record<string, unknown>,
  pointerBase = "/parameters",
): { values: Record<string, ParameterValue>; problems: LocatedProblem[] } {
  const values: Record<string, ParameterValue> = {};
  const problems: LocatedProblem[] = [];
  for (const name of Object.keys(given)) {
    if (!(name in declared)) problems.push({ pointer: `${pointerBase}/${escapePointer(name)}`, message: `the pack has no parameter '${name}'` });
  }
  for (const [name, parameter] of Object.entries(declared)) {
    const value = name in given ? given[name] : parameter.default;
    const problem = checkParameterValue(parameter, value);
    if (problem) {
      problems.push({ pointer: `${pointerBase}/${escapePointer(name)}`, message: `${name} ${problem}` });
      continue;
    }
    values[name] = value as ParameterValue;
  }
  return { values, problems };
}

/** Every `{{params.x}}` in a JSON value, with where it is. */
export function findPlaceholders(value: unknown, pointer = ""): Array<{ name: string; pointer: string }> {
  const found: Array<{ name: string; pointer: string }> = [];
  walk(value, pointer, (text, at) => {
    for (const match of text.matchAll(PLACEHOLDER)) found.push({ name: match[1]!, pointer: at });
  });
  return found;
}

/** The value with every placeholder replaced; unknown names are reported, not guessed. */
export function substituteParameters<T>(value: T, values: Record<string, ParameterValue>, pointer = ""): { value: T; problems: LocatedProblem[] } {
  const problems: LocatedProblem[] = [];
  const replace = (node: unknown, at: string): unknown => {
    if (typeof node === "string") {
      const whole = WHOLE_PLACEHOLDER.exec(node);
      if (whole) {
        const name = whole[1]!;
        if (!(name in values)) {
          problems.push({ pointer: at, message: `unknown parameter '${name}'` });
          return node;
        }
        return values[name];
      }
      return node.replace(PLACEHOLDER, (placeholder, name: string) => {
        if (!(name in values)) {
          problems.push({ pointer: at, message: `unknown parameter '${name}'` });
          return placeholder;
        }
        return String(values[name]);
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => replace(item, `${at}/${index}`));
    if (node !== null && typeof node === "object") {
      return Object.fromEntries(Object.entries(node).map(([entryKey, entry]) => [entryKey, replace(entry, `${at}/${escapePointer(entryKey)}`)]));
    }
    return node;
  };
  return { value: replace(value, pointer) as T, problems };
}

function walk(node: unknown, at: string, visit: (text: string, at: string) => void): void {
  if (typeof node === "string") visit(node, at);
  else if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${at}/${index}`, visit));
  else if (node !== null && typeof node === "object") for (const [entryKey, entry] of Object.entries(node)) walk(entry, `${at}/${escapePointer(entryKey)}`, visit);
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointerOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((segment) => `/${escapePointer(String(segment))}`).join("");
}
