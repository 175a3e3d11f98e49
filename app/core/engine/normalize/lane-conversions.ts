import { compileAmountParser, DEFAULT_AMOUNT_FORMAT } from "~/core/values/amounts";
import type { DayParser } from "~/core/values/dates";
import { TransformFailure, type StepResult } from "~/core/values/transform-failure";
import type { CompiledStep, ValueKind } from "./transforms";

/** Lane conversions, appended to a chain as its last step: what a value must become to be stored in its lane. */

export const wholeMinorUnits: CompiledStep = (value) => {
  if (value === null) return null;
  if (typeof value === "string") return new TransformFailure(`got text "${value}" where a number of minor units belongs`);
  return Number.isSafeInteger(value) ? value : new TransformFailure(`${value} is not a whole number of minor units`);
};

export function amountConversion(kind: ValueKind): { step: CompiledStep; label: string } {
  if (kind === "number") return { step: wholeMinorUnits, label: "amount" };
  // `amount` mapped straight from a column (or from an expression's text) is parsed with the defaults: "-1234.56".
  const parse = compileAmountParser(DEFAULT_AMOUNT_FORMAT);
  return {
    label: kind === "any" ? "amount" : "parseAmount (default)",
    step: (value) => (typeof value === "string" ? parse(value) : wholeMinorUnits(value, 0)),
  };
}

export function dayConversion(parser: DayParser): CompiledStep {
  return (value) => {
    if (value === null) return null;
    if (typeof value === "number") return new TransformFailure("got a number but a date needs text");
    return parser(value);
  };
}

const THREE_LETTERS = /^[A-Z]{3}$/;

export function currencyConversion(): CompiledStep {
  // A file has a handful of distinct currency spellings; caching them keeps
  // one shared string per code instead of a fresh upper-cased copy per row.
  const normalized = new Map<string, StepResult>();
  return (value) => {
    if (value === null) return null;
    if (typeof value === "number") return new TransformFailure("got a number; a currency is a 3-letter ISO 4217 code");
    let result = normalized.get(value);
    if (result === undefined) {
      const code = value.trim().toUpperCase();
      result = code === "" ? null : THREE_LETTERS.test(code) ? code : new TransformFailure(`"${value}" is not a 3-letter ISO 4217 code`);
      if (normalized.size < 10_000) normalized.set(value, result);
    }
    return result;
  };
}
