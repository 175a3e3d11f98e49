import { finite, MAX_TEXT_LENGTH, toCondition, toNumber, toText, tooLong } from "./values";
import { argumentError, checkDigits, literalOf, roundHalfAwayFromZero, extreme, numberToNumber, pad, type FunctionSpec } from "./function-builders";
import { TEXT_FUNCTIONS } from "./text-functions";

/**
 * The whitelist: the only functions an expression can call. All are pure and
 * deterministic (no clock, no randomness, no locale), so a rule set gives the
 * same result wherever and whenever it runs.
 *
 * Null handling: a null argument gives a null result, except where a function
 * exists to deal with nulls (coalesce, concat, if, min, max).
 */

export type { Argument, BuildContext, Evaluator, FunctionSpec } from "./function-builders";

const SPECS: readonly FunctionSpec[] = [
  ...TEXT_FUNCTIONS,
  {
    name: "concat",
    params: "value, …",
    minArgs: 1,
    maxArgs: Infinity,
    // Unlike ||, concat skips nulls (as in PostgreSQL): concat(first, " ", middle, " ", last) survives a missing middle name.
    build: (args, call) => {
      const runs = args.map((arg) => arg.run);
      return (scope) => {
        let out = "";
        for (const run of runs) {
          const value = toText(run(scope));
          if (value === null) continue;
          if (out.length + value.length > MAX_TEXT_LENGTH) throw tooLong(call, "concat()");
          out += value;
        }
        return out;
      };
    },
  },
  {
    name: "coalesce",
    params: "value, …",
    minArgs: 1,
    maxArgs: Infinity,
    build: (args) => {
      const runs = args.map((arg) => arg.run);
      return (scope) => {
        for (const run of runs) {
          const value = run(scope);
          if (value !== null) return value;
        }
        return null;
      };
    },
  },
  {
    name: "if",
    params: "condition, then, else",
    minArgs: 3,
    maxArgs: 3,
    // Only the chosen branch runs, so if(x = 0, null, 100 / x) never evaluates the division for zero.
    build: ([condition, then, otherwise]) => {
      const runCondition = condition!.run;
      const runThen = then!.run;
      const runOtherwise = otherwise!.run;
      const at = condition!.node;
      return (scope) => (toCondition(runCondition(scope), at, "if() condition") === true ? runThen(scope) : runOtherwise(scope));
    },
  },
  numberToNumber("abs", Math.abs),
  numberToNumber("floor", Math.floor),
  numberToNumber("ceil", Math.ceil),
  {
    name: "round",
    params: "number, digits = 0",
    minArgs: 1,
    maxArgs: 2,
    build: ([value, digits]) => {
      const literalDigits = literalOf(digits);
      if (typeof literalDigits?.value === "number") checkDigits(literalDigits.value, digits!);
      const runValue = value!.run;
      const runDigits = digits?.run;
      return (scope) => {
        const number = toNumber(runValue(scope));
        if (number === null) return null;
        let places = 0;
        if (runDigits) {
          const raw = toNumber(runDigits(scope));
          if (raw === null) return null;
          places = checkDigits(raw, digits!);
        }
        return finite(roundHalfAwayFromZero(number, places));
      };
    },
  },
  extreme("min", Math.min),
  extreme("max", Math.max),
  {
    name: "number",
    params: "value",
    minArgs: 1,
    maxArgs: 1,
    build: ([value]) => {
      const run = value!.run;
      return (scope) => toNumber(run(scope));
    },
  },
  {
    name: "string",
    params: "value",
    minArgs: 1,
    maxArgs: 1,
    build: ([value]) => {
      const run = value!.run;
      return (scope) => toText(run(scope));
    },
  },
  pad("padLeft"),
  pad("padRight"),
  {
    name: "col",
    params: '"Column Name"',
    minArgs: 1,
    maxArgs: 1,
    // The name must be literal text so the expression's identifiers are known before any row is read.
    build: ([name], _call, context) => {
      const literal = literalOf(name);
      if (typeof literal?.value !== "string") {
        throw argumentError(name!, 'col() takes the column name as quoted text, like col("Order ID")');
      }
      return context.readColumn(literal.value);
    },
  },
];

/** Keyed by lower-case name in a Map, so names like "constructor" or "__proto__" are simply absent. */
const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(SPECS.map((spec) => [spec.name.toLowerCase(), spec]));

export function findWhitelisted(name: string): FunctionSpec | undefined {
  return FUNCTIONS.get(name.toLowerCase());
}

export const FUNCTION_NAMES: readonly string[] = SPECS.map((spec) => spec.name);
