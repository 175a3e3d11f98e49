import { compileLinearRegex } from "~/core/engine/linear-regex";
import { resolveTimeZone } from "~/core/values/time-zones";
import type { PackParameter } from "./pack-schema";
import { isValueProblem, parseDuration, parseMoneyAmount, parsePercentage, type DurationValue, type MoneyValue, type PercentageValue, type ValueProblem } from "./parameter-types";

/**
 * Pack parameters: what an operator chooses when cloning a pack (currency,
 * tolerances, time zone, account ids), referenced as `{{params.x}}` anywhere
 * in the pack's rule sets and streams. A string that is exactly one
 * placeholder becomes the typed value (so `"toleranceMinor": "{{params.t}}"`
 * is a number); a placeholder inside longer text is interpolated as text.
 *
 * Typed parameters (money, duration, percentage) are written as people say
 * them and converted where they are placed: the field a placeholder stands in
 * (`toleranceMinor`, `windowDays`, `toleranceBasisPoints`) says which unit it
 * wants, so `{{params.x}}` there is exact minor units, whole days or basis
 * points, and a type that does not fit the field is refused at its pointer.
 * `{{params.x.minor}}`, `.currency`, `.days`, `.basisPoints`… name a part
 * explicitly.
 */

/** A value as the operator wrote it (what the API and the audit log show). */
export type ParameterValue = string | number | boolean | { amount: string; currency: string };

export type ResolvedParameter =
  | { type: "plain"; value: string | number | boolean }
  | { type: "money"; money: MoneyValue }
  | { type: "duration"; duration: DurationValue }
  | { type: "percentage"; percentage: PercentageValue }
  /** Chosen when a run starts: it describes a run parameter, it has no value to substitute. */
  | { type: "fileInput" };

export interface LocatedProblem {
  /** JSON pointer (into the manifest, or into the request body for instantiate). */
  pointer: string;
  message: string;
}

const NAME = "[A-Za-z_][A-Za-z0-9_]*";
const PLACEHOLDER = new RegExp(`\\{\\{\\s*params\\.(${NAME})(?:\\.([A-Za-z]+))?\\s*\\}\\}`, "g");
const WHOLE_PLACEHOLDER = new RegExp(`^\\{\\{\\s*params\\.(${NAME})(?:\\.([A-Za-z]+))?\\s*\\}\\}$`);
const CURRENCY = /^[A-Z]{3}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A value of a version 1 type: its problem, or null when it fits. */
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
      return typeof value === "string" && isIanaTimeZone(value) ? null : "must be an IANA time zone such as Europe/Berlin";
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
    default:
      return `is a ${parameter.type} parameter`;
  }
}

/**
 * The IANA zone names Intl lists, plus UTC. Intl.DateTimeFormat alone would
 * also take "EST" or "+01:00", which are not zones a day boundary can follow.
 */
let ianaZones: ReadonlySet<string> | undefined;
export function ianaTimeZones(): ReadonlySet<string> {
  ianaZones ??= new Set(["UTC", "Etc/UTC", ...Intl.supportedValuesOf("timeZone")]);
  return ianaZones;
}

function isIanaTimeZone(zone: string): boolean {
  // A link name Intl resolves to a listed zone (Asia/Calcutta → Asia/Kolkata) is IANA too.
  if (ianaTimeZones().has(zone)) return true;
  const resolved = /^[A-Za-z]+(\/[A-Za-z0-9_+-]+)+$/.test(zone) ? resolveTimeZone(zone) : null;
  return resolved !== null && ianaTimeZones().has(resolved);
}

/** The parameters' values: the defaults, overridden by what the caller gives; every value type-checked. */
export function resolveParameterValues(
  declared: Record<string, PackParameter>,
  given: Record<string, unknown>,
  pointerBase = "/parameters",
): { values: Record<string, ParameterValue>; resolved: Record<string, ResolvedParameter>; problems: LocatedProblem[] } {
  const values: Record<string, ParameterValue> = {};
  const resolved: Record<string, ResolvedParameter> = {};
  const problems: LocatedProblem[] = [];
  for (const name of Object.keys(given)) {
    if (!(name in declared)) problems.push({ pointer: `${pointerBase}/${escapePointer(name)}`, message: `the pack has no parameter '${name}'` });
  }
  // Money may take its currency from another parameter, so the others are resolved first.
  const order = Object.keys(declared).sort((a, b) => Number(declared[a]!.type === "money") - Number(declared[b]!.type === "money"));
  for (const name of order) {
    const parameter = declared[name]!;
    const at = `${pointerBase}/${escapePointer(name)}`;
    if (parameter.type === "fileInput") {
      if (name in given) problems.push({ pointer: at, message: `${name} is a file chosen when a run starts, not when the template is used` });
      resolved[name] = { type: "fileInput" };
      continue;
    }
    // Money following a currency that was refused is not judged again: the currency's own problem says it all.
    if (parameter.type === "money" && parameter.currencyFrom !== undefined && declared[parameter.currencyFrom] !== undefined && resolved[parameter.currencyFrom] === undefined) continue;
    const value = name in given ? given[name] : parameter.default;
    const outcome = resolveOne(parameter, value, resolved);
    if (isValueProblem(outcome)) {
      problems.push({ pointer: outcome.field ? `${at}/${outcome.field}` : at, message: `${name} ${outcome.message}` });
      continue;
    }
    resolved[name] = outcome;
    values[name] = writtenValue(outcome);
  }
  return { values, resolved, problems };
}

type ValuedParameter = Exclude<ResolvedParameter, { type: "fileInput" }>;

function resolveOne(parameter: PackParameter, value: unknown, resolvedSoFar: Record<string, ResolvedParameter>): ValuedParameter | ValueProblem {
  switch (parameter.type) {
    case "money":
      return resolveMoney(parameter, value, resolvedSoFar);
    case "duration": {
      const duration = parseDuration(value);
      return isValueProblem(duration) ? duration : { type: "duration", duration };
    }
    case "percentage": {
      const percentage = parsePercentage(value);
      return isValueProblem(percentage) ? percentage : { type: "percentage", percentage };
    }
    default: {
      const problem = checkParameterValue(parameter, value);
      return problem ? { message: problem } : { type: "plain", value: value as string | number | boolean };
    }
  }
}

function resolveMoney(parameter: PackParameter, value: unknown, resolvedSoFar: Record<string, ResolvedParameter>): ValuedParameter | ValueProblem {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { message: 'must be { "amount": "1000.00", "currency": "USD" } (amount in major units, as text)' };
  const written = value as { amount?: unknown; currency?: unknown };
  let currency: string;
  if (parameter.currencyFrom !== undefined) {
    const source = resolvedSoFar[parameter.currencyFrom];
    if (source?.type !== "plain" || typeof source.value !== "string") return { field: "currency", message: `follows parameter '${parameter.currencyFrom}', which has no valid currency` };
    currency = source.value;
    if (written.currency !== undefined && written.currency !== currency) return { field: "currency", message: `follows parameter '${parameter.currencyFrom}' (${currency}): omit it or give ${currency}` };
  } else {
    if (typeof written.currency !== "string") return { field: "currency", message: "must be an ISO 4217 currency code such as USD" };
    currency = written.currency;
  }
  const money = parseMoneyAmount(written.amount, currency);
  return isValueProblem(money) ? money : { type: "money", money };
}

function writtenValue(resolved: ValuedParameter): ParameterValue {
  switch (resolved.type) {
    case "plain":
      return resolved.value;
    case "money":
      return { amount: resolved.money.amount, currency: resolved.money.currency };
    case "duration":
      return resolved.duration.iso;
    case "percentage":
      return resolved.percentage.percent;
  }
}

export interface Placeholder {
  name: string;
  /** `minor` in `{{params.x.minor}}`. */
  part?: string;
  pointer: string;
  /** The placeholder is the whole string, so it may become a number. */
  whole: boolean;
}

/** Every `{{params.x}}` (and `{{params.x.part}}`) in a JSON value, with where it is. */
export function findPlaceholders(value: unknown, pointer = ""): Placeholder[] {
  const found: Placeholder[] = [];
  walk(value, pointer, (text, at) => {
    const whole = WHOLE_PLACEHOLDER.test(text);
    for (const match of text.matchAll(PLACEHOLDER)) found.push({ name: match[1]!, ...(match[2] ? { part: match[2] } : {}), pointer: at, whole });
  });
  return found;
}

/** Values by name: plain values stand for themselves (how version 1 callers and tests give them). */
export type SubstitutionValues = Record<string, ResolvedParameter | string | number | boolean>;

/** The value with every placeholder replaced; unknown names and misplaced types are reported, not guessed. */
export function substituteParameters<T>(value: T, values: SubstitutionValues, pointer = ""): { value: T; problems: LocatedProblem[] } {
  const problems: LocatedProblem[] = [];
  const lookup = (name: string, part: string | undefined, at: string, whole: boolean): string | number | boolean | undefined => {
    const given = values[name];
    if (given === undefined) {
      problems.push({ pointer: at, message: `unknown parameter '${name}'` });
      return undefined;
    }
    const resolved: ResolvedParameter = typeof given === "object" ? given : { type: "plain", value: given };
    const placed = placeValue(name, part, resolved, fieldUnitAt(at), whole);
    if (typeof placed === "object") {
      problems.push({ pointer: at, message: placed.message });
      return undefined;
    }
    return placed;
  };
  const replace = (node: unknown, at: string): unknown => {
    if (typeof node === "string") {
      const whole = WHOLE_PLACEHOLDER.exec(node);
      if (whole) return lookup(whole[1]!, whole[2], at, true) ?? node;
      return node.replace(PLACEHOLDER, (placeholder, name: string, part: string | undefined) => {
        const placed = lookup(name, part, at, false);
        return placed === undefined ? placeholder : String(placed);
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

/** What a rule-set or stream field holds, from its name: the unit a typed parameter must be converted to there. */
export type FieldUnit = "minorUnits" | "basisPoints" | "days" | "other";

export function fieldUnitAt(pointer: string): FieldUnit {
  const field = pointer.slice(pointer.lastIndexOf("/") + 1);
  if (/Minor$/.test(field)) return "minorUnits";
  if (/BasisPoints$/.test(field)) return "basisPoints";
  if (/Days$/.test(field)) return "days";
  return "other";
}

const UNIT_WORDS: Record<Exclude<FieldUnit, "other">, string> = { minorUnits: "integer minor units", basisPoints: "basis points", days: "whole days" };

/** The value a placeholder stands for at a field, or why it cannot stand there. */
function placeValue(name: string, part: string | undefined, resolved: ResolvedParameter, unit: FieldUnit, whole: boolean): string | number | boolean | { message: string } {
  const ref = `{{params.${name}${part ? `.${part}` : ""}}}`;
  const misplaced = (what: string, fits: string) => ({ message: `${ref} is ${what}, but this field takes ${UNIT_WORDS[unit as Exclude<FieldUnit, "other">]}: ${fits}` });
  const noPart = (parts: string) => ({ message: `${ref}: ${name} is a ${resolved.type === "plain" ? "plain" : resolved.type} parameter; its parts are ${parts}` });
  switch (resolved.type) {
    case "plain":
      return part === undefined ? resolved.value : noPart("none (write {{params." + name + "}})");
    case "fileInput":
      return { message: `${ref}: ${name} is a file chosen when a run starts; it cannot be substituted` };
    case "money": {
      const { money } = resolved;
      if (part === undefined) {
        if (unit === "minorUnits" && whole) return money.minor;
        if (unit === "basisPoints" || unit === "days") return misplaced("money", "use a percentage or duration parameter here");
        return { message: `${ref}: a money parameter stands alone only where minor units are expected (toleranceMinor, overMinor); write {{params.${name}.minor}}, {{params.${name}.amount}} or {{params.${name}.currency}}` };
      }
      if (part === "minor") return unit === "basisPoints" || unit === "days" ? misplaced("money in minor units", "use a percentage or duration parameter here") : money.minor;
      if (part === "amount" || part === "currency") return unit === "other" ? money[part] : misplaced(`text (${part})`, `write {{params.${name}}}`);
      return noPart("minor, amount and currency");
    }
    case "percentage": {
      const { percentage } = resolved;
      if (part === undefined) {
        if (unit === "basisPoints" && whole) return percentage.basisPoints;
        if (unit === "minorUnits" || unit === "days") return misplaced("a percentage", unit === "minorUnits" ? "declare a money parameter" : "declare a duration parameter");
        return { message: `${ref}: a percentage stands alone only where basis points are expected (toleranceBasisPoints); write {{params.${name}.basisPoints}} or {{params.${name}.percent}}` };
      }
      if (part === "basisPoints") return unit === "minorUnits" || unit === "days" ? misplaced("basis points", "declare a money or duration parameter") : percentage.basisPoints;
      if (part === "percent") return unit === "other" ? percentage.percent : misplaced("text (percent)", `write {{params.${name}}}`);
      return noPart("basisPoints and percent");
    }
    case "duration": {
      const { duration } = resolved;
      const days = (): number | { message: string } =>
        duration.hours % 24 === 0 ? duration.hours / 24 : { message: `${ref} is ${duration.iso}, not a whole number of days; this field takes whole days (write e.g. P1D or P2D)` };
      if (part === undefined) {
        if (unit === "days" && whole) return days();
        if (unit === "minorUnits" || unit === "basisPoints") return misplaced("a duration", unit === "minorUnits" ? "declare a money parameter" : "declare a percentage parameter");
        return { message: `${ref}: a duration stands alone only where days are expected (windowDays); write {{params.${name}.days}}, {{params.${name}.hours}} or {{params.${name}.iso}}` };
      }
      if (part === "days" || part === "hours") {
        if (unit === "minorUnits" || unit === "basisPoints") return misplaced(`a duration in ${part}`, "declare a money or percentage parameter");
        return part === "days" ? days() : duration.hours;
      }
      if (part === "iso") return unit === "other" ? duration.iso : misplaced("text (ISO 8601)", `write {{params.${name}}}`);
      return noPart("days, hours and iso");
    }
  }
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
