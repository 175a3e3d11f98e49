import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import type { PassDefinition, RuleSetDefinition, SideDefinition } from "~/core/engine/rule-set";
import { findSyntaxProblems } from "~/core/engine/rule-set-syntax";

/**
 * A rule-set definition's own consistency, before it is stored or run: what
 * the schema cannot say (fields a pass uses must be mapped, and the like), and
 * its content hash.
 */

/** Mappings without a column must start with a transform that makes a value out of nothing. */
const VALUE_PRODUCING_TRANSFORMS = new Set(["constant", "concat", "coalesce", "expression"]);

type Side = "source" | "target";
const SIDES: readonly Side[] = ["source", "target"];

/** sha256 (hex) of the RFC 8785 canonical JSON: key order and whitespace cannot change it. */
export function hashDefinition(definition: RuleSetDefinition): string {
  return createHash("sha256")
    .update(canonicalize(definition) ?? "")
    .digest("hex");
}

/**
 * Checks that zod cannot express on its own, because they relate one part of
 * the definition to another. Pointers are into the request body, whose
 * `definition` member this is.
 */
export function findDefinitionProblems(definition: RuleSetDefinition): ProblemLocation[] {
  const problems: ProblemLocation[] = [];
  const mappedFields = {
    source: checkSide(definition, "source", problems),
    target: checkSide(definition, "target", problems),
  };
  const firstPassByName = new Map<string, number>();
  definition.passes.forEach((pass, passIndex) => {
    const earlier = firstPassByName.get(pass.name);
    if (earlier === undefined) {
      firstPassByName.set(pass.name, passIndex);
    } else {
      problems.push({
        pointer: pointer("definition", "passes", passIndex, "name"),
        message: `pass name '${pass.name}' is already used by pass ${earlier}; names must be unique`,
      });
    }
    checkPass(pass, passIndex, mappedFields, problems);
  });
  for (const problem of findSyntaxProblems(definition)) {
    problems.push({ pointer: `/definition${problem.pointer}`, message: problem.message, position: problem.position });
  }
  findNulCharacters(definition, ["definition"], problems);
  return problems;
}

export function assertDefinitionIsConsistent(definition: RuleSetDefinition): void {
  const problems = findDefinitionProblems(definition);
  if (problems.length === 0) return;
  throw new ValidationFailed(`${problems.length} problem${problems.length === 1 ? "" : "s"} in the rule-set definition`, {
    errors: problems,
  });
}

/** Returns the fields the side maps, after reporting duplicate fields, missing columns and unknown lookup tables. */
function checkSide(definition: RuleSetDefinition, side: Side, problems: ProblemLocation[]): Set<string> {
  const sideDefinition: SideDefinition = definition[side];
  const fields = new Set<string>();
  sideDefinition.mappings.forEach((mapping, mappingIndex) => {
    const at = (...parts: Array<string | number>) => pointer("definition", side, "mappings", mappingIndex, ...parts);
    if (fields.has(mapping.field)) {
      problems.push({ pointer: at("field"), message: `field '${mapping.field}' is already mapped on the ${side} side` });
    }
    fields.add(mapping.field);
    const firstOp = mapping.transforms[0]?.op;
    if (mapping.column === undefined && (firstOp === undefined || !VALUE_PRODUCING_TRANSFORMS.has(firstOp))) {
      problems.push({
        pointer: at("column"),
        message: "is required unless the first transform is constant, concat, coalesce or expression",
      });
    }
    mapping.transforms.forEach((transform, transformIndex) => {
      if (transform.op !== "lookup" || Object.hasOwn(definition.lookups, transform.table)) return;
      problems.push({
        pointer: at("transforms", transformIndex, "table"),
        message: `no lookup table named '${transform.table}'; define it under /definition/lookups`,
      });
    });
  });
  return fields;
}

function checkPass(
  pass: PassDefinition,
  passIndex: number,
  mappedFields: Record<Side, Set<string>>,
  problems: ProblemLocation[],
): void {
  const at = (...parts: Array<string | number>) => pointer("definition", "passes", passIndex, ...parts);
  const requireMapped = (field: string, sides: readonly Side[], where: string, what: string, why?: string) => {
    const missing = sides.filter((side) => !mappedFields[side].has(field));
    if (missing.length === 0) return;
    const onSides = missing.length === 1 ? `the ${missing[0]} side` : "the source or target side";
    problems.push({ pointer: where, message: `${what} '${field}' is not mapped on ${onSides}${why ? ` (${why})` : ""}` });
  };

  pass.keys.forEach((key, keyIndex) => {
    if (typeof key === "string") {
      requireMapped(key, SIDES, at("keys", keyIndex), "key field");
      return;
    }
    requireMapped(key.source, ["source"], at("keys", keyIndex, "source"), "key field");
    requireMapped(key.target, ["target"], at("keys", keyIndex, "target"), "key field");
  });
  for (const side of SIDES) {
    pass.groupBy?.[side]?.forEach((field, fieldIndex) =>
      requireMapped(field, [side], at("groupBy", side, fieldIndex), "groupBy field"),
    );
  }
  if (pass.amount) requireMapped(pass.amount.field, SIDES, at("amount", "field"), "amount field");
  if (pass.date) requireMapped(pass.date.field, SIDES, at("date", "field"), "date field");
  if (pass.fuzzy) requireMapped(pass.fuzzy.field, SIDES, at("fuzzy", "field"), "fuzzy field");
  // An amount-only search sums amounts inside a date window, so it needs both
  // fields even when the pass does not configure them (then the defaults apply).
  if (pass.amountOnlySearch) {
    const why = "the amount-only search needs it";
    if (!pass.amount) requireMapped("amount", SIDES, at("amountOnlySearch"), "field", why);
    if (!pass.date) requireMapped("date", SIDES, at("amountOnlySearch"), "field", why);
  }
  if (pass.cardinality === "1:1" && pass.keys.length === 0 && !pass.amountOnlySearch) {
    problems.push({ pointer: at("keys"), message: "a 1:1 pass needs at least one key, or an amountOnlySearch" });
  }
}

/** PostgreSQL text and jsonb cannot hold U+0000; refuse it here rather than fail on insert. */
function findNulCharacters(value: unknown, path: Array<string | number>, problems: ProblemLocation[]): void {
  if (typeof value === "string") {
    if (value.includes("\u0000")) problems.push({ pointer: pointer(...path), message: "must not contain the NUL character" });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => findNulCharacters(item, [...path, index], problems));
    return;
  }
  if (typeof value !== "object" || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000")) problems.push({ pointer: pointer(...path, key), message: "key must not contain the NUL character" });
    findNulCharacters(item, [...path, key], problems);
  }
}

/** RFC 6901 JSON pointer. */
function pointer(...parts: Array<string | number>): string {
  return parts.map((part) => "/" + String(part).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}
