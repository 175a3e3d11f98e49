import { NormalizeDefinitionError, type DefinitionIssue } from "~/core/engine/normalize";
import { sideSchema, transformSchema, type SideDefinition, type Transform } from "~/core/engine/rule-set";
import type { RawTable } from "~/core/engine/types";

/** A transform as the API would store it: parsed by the schema, defaults filled in. */
export function transform(input: Record<string, unknown> & { op: string }): Transform {
  return transformSchema.parse(input);
}

/** A side definition parsed by the schema. */
export function side(input: { mappings: Array<Record<string, unknown>>; filter?: string }): SideDefinition {
  return sideSchema.parse(input);
}

/**
 * A raw table from columns of cells; every row comes from "file_1", and row i
 * sits on line i + 2 (line 1 is the header).
 */
export function rawTable(columns: Record<string, Array<string | null>>): RawTable {
  const names = Object.keys(columns);
  const cells = names.map((name) => columns[name]!);
  const rowCount = cells[0]?.length ?? 0;
  return {
    columns: names,
    cells,
    rowCount,
    provenance: {
      sourceIds: ["file_1"],
      sourceIndex: new Uint32Array(rowCount),
      line: Uint32Array.from({ length: rowCount }, (_, row) => row + 2),
    },
  };
}

/** The issues of the NormalizeDefinitionError that `run` throws; fails the test when it throws nothing or something else. */
export function definitionIssues(run: () => unknown): DefinitionIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof NormalizeDefinitionError) return error.issues;
    throw error;
  }
  throw new Error("expected a NormalizeDefinitionError, but nothing was thrown");
}
