// The parsers' own modules, not the normalize index: a worker thread then loads two small files, not the expression engine.
import { compileAmountRangeParser } from "~/core/values/amounts";
import { compileDayRangeParser } from "~/core/values/dates";
import type { NumberColumnSpec } from "~/core/values/tables";
import type { NumberColumnDecoder } from "./delimited-types";

export type { NumberColumnSpec } from "~/core/values/tables";

/**
 * A number column described as data, so it can cross to a worker thread
 * (closures cannot): amounts to integer minor units in a format, dates and
 * timestamps to day numbers in a format and zone. Compiled to the engine's
 * own parsers, so a value read this way equals what a rule set's
 * parseAmount / parseDate makes of the same text.
 */
export function compileNumberColumn(spec: NumberColumnSpec): NumberColumnDecoder {
  if (spec.kind === "amount") return compileAmountRangeParser(spec.format);
  const parser = compileDayRangeParser(spec.format, spec.timeZone);
  if (typeof parser === "string") throw new Error(`date format "${spec.format}": ${parser}`);
  return parser;
}

export function compileNumberColumns(specs: Readonly<Record<string, NumberColumnSpec>>): Record<string, NumberColumnDecoder> {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, compileNumberColumn(spec)]));
}
