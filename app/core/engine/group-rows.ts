import { ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import { compileAmountParser, DEFAULT_AMOUNT_FORMAT, type AmountFormat } from "~/core/values/amounts";
import { isFailure } from "~/core/values/transform-failure";
import type { DefinitionIssue } from "./normalize/errors";
import { selectRawRows } from "./raw-table";
import type { GroupByDefinition, SideDefinition } from "./rule-set";
import type { RawTable } from "./types";

/*
 * A side's group-by: "one row per Name" for files that spread one record over
 * several rows (a Shopify order's line items). It works on the raw table, so
 * the mappings then see one row per record exactly as if the file had been
 * written that way, and nothing downstream needs to know about groups.
 */

function pointerSegment(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Definition problems of a side's groupBy against a file's columns (pointers under pointerPrefix). */
export function validateGroupBy(groupBy: GroupByDefinition, hasColumn: (name: string) => boolean, pointerPrefix: string): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const keys = new Set<string>();
  groupBy.keys.forEach((key, index) => {
    const pointer = `${pointerPrefix}/groupBy/keys/${index}`;
    if (!hasColumn(key)) issues.push({ pointer, message: `no column "${key}" in the file to group by` });
    else if (keys.has(key)) issues.push({ pointer, message: `"${key}" is already a key` });
    keys.add(key);
  });
  for (const column of Object.keys(groupBy.columns ?? {})) {
    const pointer = `${pointerPrefix}/groupBy/columns/${pointerSegment(column)}`;
    if (!hasColumn(column)) issues.push({ pointer, message: `no column "${column}" in the file` });
    else if (keys.has(column)) issues.push({ pointer, message: `"${column}" is a key: it keeps its value in every group` });
  }
  return issues;
}

/**
 * How a summed column's cells are written: the format of the parseAmount that
 * starts a mapping of that column, or the default amount format. The sum is
 * written back in the same format, so that mapping reads it unchanged.
 */
function amountFormatOf(side: SideDefinition, column: string): AmountFormat {
  for (const mapping of side.mappings) {
    const first = mapping.transforms[0];
    if (mapping.column !== column || first?.op !== "parseAmount") continue;
    return {
      decimalSeparator: first.decimalSeparator ?? DEFAULT_AMOUNT_FORMAT.decimalSeparator,
      thousandsSeparator: first.thousandsSeparator ?? DEFAULT_AMOUNT_FORMAT.thousandsSeparator,
      sign: first.sign ?? DEFAULT_AMOUNT_FORMAT.sign,
      minorUnits: first.minorUnits ?? DEFAULT_AMOUNT_FORMAT.minorUnits,
    };
  }
  return DEFAULT_AMOUNT_FORMAT;
}

/** Minor units as text in the format's decimal separator; a leading minus, which every sign style accepts. */
function formatMinor(units: number, format: AmountFormat): string {
  const digits = Math.abs(units).toString().padStart(format.minorUnits + 1, "0");
  const whole = format.minorUnits === 0 ? digits : `${digits.slice(0, -format.minorUnits)}${format.decimalSeparator}${digits.slice(-format.minorUnits)}`;
  return units < 0 ? `-${whole}` : whole;
}

/** A cell a sum could not read: the run stops, naming every such cell, before anything is matched. */
export class GroupByCellError extends ValidationFailed {
  constructor(errors: ProblemLocation[]) {
    super(`${errors.length} cell${errors.length === 1 ? "" : "s"} could not be summed for the group-by`, { errors });
  }
}

const MAX_CELL_ERRORS = 100;

export interface GroupedTable {
  raw: RawTable;
  /** Per row of `raw`: the rows of the input it stands for (one, unless it is a group of several). */
  members: number[][];
}

/**
 * Collapses the rows not in `excludedRows` into one row per key, in file order
 * of each group's first row; excluded rows stay as they are, where they were,
 * so they are still reported EXCLUDED. Rows whose key cells are all blank are
 * not a record of their own kind and stay single.
 */
export function groupRows(raw: RawTable, side: SideDefinition, groupBy: GroupByDefinition, excludedRows: ReadonlySet<number>, pointerPrefix: string): GroupedTable {
  const keyCells = groupBy.keys.map((key) => raw.cells[raw.columns.indexOf(key)]!);
  const members: number[][] = [];
  const groupOfKey = new Map<string, number[]>();
  for (let row = 0; row < raw.rowCount; row++) {
    if (excludedRows.has(row)) {
      members.push([row]);
      continue;
    }
    const parts = keyCells.map((cells) => cells[row] ?? null);
    if (parts.every((part) => part === null || part === "")) {
      members.push([row]);
      continue;
    }
    const key = JSON.stringify(parts);
    const group = groupOfKey.get(key);
    if (group) group.push(row);
    else {
      const created = [row];
      groupOfKey.set(key, created);
      members.push(created);
    }
  }

  const grouped = selectRawRows(raw, members.map((rows) => rows[0]!));
  const errors: ProblemLocation[] = [];
  for (const [column, aggregate] of Object.entries(groupBy.columns ?? {})) {
    if (aggregate === "first") continue;
    const index = raw.columns.indexOf(column);
    const source = raw.cells[index]!;
    const target = grouped.cells[index]!;
    const pointer = `${pointerPrefix}/groupBy/columns/${pointerSegment(column)}`;
    if (aggregate === "count") {
      members.forEach((rows, row) => (target[row] = String(rows.length)));
      continue;
    }
    const format = amountFormatOf(side, column);
    const parse = compileAmountParser(format);
    members.forEach((rows, row) => {
      let sum: number | null = null;
      for (const member of rows) {
        const text = source[member];
        if (text === null || text === undefined) continue;
        const units = parse(text);
        if (units === null) continue;
        const failure = isFailure(units) ? units.message : Number.isSafeInteger((sum ?? 0) + units) ? null : "makes the sum too large to hold exactly";
        if (failure !== null) {
          if (errors.length < MAX_CELL_ERRORS) {
            const file = raw.provenance.sourceIds[raw.provenance.sourceIndex[member]!] ?? "";
            const line = raw.provenance.line[member]!;
            errors.push({ pointer, file, line, column: index + 1, field: column, message: `line ${line}, column "${column}": "${text}" cannot be summed: ${failure}` });
          }
          continue;
        }
        sum = (sum ?? 0) + (units as number);
      }
      target[row] = sum === null ? null : formatMinor(sum, format);
    });
  }
  if (errors.length > 0) throw new GroupByCellError(errors);
  return { raw: grouped, members };
}
