import { getAdapter } from "~/core/adapters";
import { CANONICAL_SCHEMAS, isCanonicalSchemaId } from "~/core/canonical/schemas";
import { currencyExponent } from "~/core/values/currency";
import type { PackManifest, PackParameter } from "./pack-schema";

/**
 * What a client needs to build a form for one pack parameter without
 * knowing the pack format: the value's shape and its limits, derived from
 * the declaration. The API's template resource and the "Use this template"
 * dialog both show it, so the web form and any other client ask the same.
 */
export interface ParameterConstraints {
  /** How the value is written in `parameters.<name>` of POST …/instantiate. */
  valueShape: string;
  /** money: the fixed currency, or null when it follows `currencyFrom`. */
  currency: string | null;
  currencyFrom: string | null;
  /** money with a fixed currency: at most this many decimals. */
  decimals: number | null;
  /** A regular expression the text value (or money's amount) matches. */
  pattern: string | null;
  minimum: number | null;
  maximum: number | null;
  options: string[];
  /** fileInput: the pack input it describes, and what a run's file for it may deliver. */
  input: string | null;
  accepts: Array<{ id: string; title: string; kind: "canonicalSchema" | "adapter" }>;
}

const DECIMAL_PATTERN = "^\\d+(\\.\\d+)?$";
const PERCENT_PATTERN = "^\\d+(\\.\\d{1,2})?$";
const DURATION_PATTERN = "^P(\\d+W|(\\d+D)?(T\\d+H)?)$";

export function parameterConstraints(parameter: PackParameter, inputs: PackManifest["inputs"]): ParameterConstraints {
  const base: ParameterConstraints = {
    valueShape: "",
    currency: null,
    currencyFrom: null,
    decimals: null,
    pattern: parameter.pattern ?? null,
    minimum: parameter.minimum ?? null,
    maximum: parameter.maximum ?? null,
    options: parameter.options ?? [],
    input: null,
    accepts: [],
  };
  switch (parameter.type) {
    case "money": {
      const currency = parameter.currencyFrom === undefined && typeof parameter.default === "object" ? (parameter.default.currency ?? null) : null;
      return {
        ...base,
        valueShape: parameter.currencyFrom === undefined ? '{ "amount": "1000.00", "currency": "USD" }' : `{ "amount": "1000.00" } (in the currency of parameter '${parameter.currencyFrom}')`,
        currency,
        currencyFrom: parameter.currencyFrom ?? null,
        decimals: currency === null ? null : (currencyExponent(currency) ?? null),
        pattern: DECIMAL_PATTERN,
        minimum: 0,
      };
    }
    case "duration":
      return { ...base, valueShape: 'ISO 8601 days or hours: "P3D", "PT12H"', pattern: DURATION_PATTERN };
    case "percentage":
      return { ...base, valueShape: 'percent as text: "1.5" (at most two decimals)', pattern: PERCENT_PATTERN, minimum: 0, maximum: 100 };
    case "fileInput": {
      const input = parameter.input ?? null;
      const declaredTitle = input === null ? undefined : inputs[input]?.title;
      return { ...base, valueShape: `none: a file id is given when a run starts${declaredTitle ? ` (${declaredTitle})` : ""}`, input, accepts: (parameter.accepts ?? []).map(acceptedKind) };
    }
    case "timeZone":
      return { ...base, valueShape: 'an IANA time zone: "Europe/Berlin"' };
    case "currency":
      return { ...base, valueShape: 'an ISO 4217 code: "USD"', pattern: "^[A-Z]{3}$" };
    case "date":
      return { ...base, valueShape: 'a day: "2026-01-31"' };
    case "integer":
      return { ...base, valueShape: "a JSON integer" };
    case "number":
      return { ...base, valueShape: "a JSON number" };
    case "boolean":
      return { ...base, valueShape: "true or false" };
    case "enum":
      return { ...base, valueShape: "one of the options" };
    case "string":
      return { ...base, valueShape: "text" };
  }
}

/** A canonical schema id or adapter name with the title people know it by. */
export function acceptedKind(id: string): ParameterConstraints["accepts"][number] {
  if (isCanonicalSchemaId(id)) return { id, title: CANONICAL_SCHEMAS[id].title, kind: "canonicalSchema" };
  return { id, title: getAdapter(id)?.title ?? id, kind: "adapter" };
}
