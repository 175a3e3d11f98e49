import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { AdapterError, getAdapter, type AdapterErrorLocation } from "~/core/adapters";
import type { RawTable } from "~/core/engine/types";

const FIXTURES = path.resolve("tests/fixtures/adapters");

export function fixtureBytes(file: string): Buffer {
  return readFileSync(path.join(FIXTURES, file));
}

/** The fixture as text (UTF-8), for tests that break one value of a valid file. */
export function fixtureText(file: string): string {
  return fixtureBytes(file).toString("utf8");
}

export function readWith(adapterName: string, input: string | Uint8Array, fileName: string): RawTable {
  const adapter = getAdapter(adapterName);
  if (!adapter) throw new Error(`no adapter ${adapterName}`);
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  return adapter.read(bytes, { sourceId: "file_test", fileName });
}

/** The located errors an adapter reports for the input (the test fails if it reads without error). */
export function errorsOf(adapterName: string, input: string | Uint8Array, fileName: string): AdapterErrorLocation[] {
  try {
    readWith(adapterName, input, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(AdapterError);
    return (error as AdapterError).errors;
  }
  throw new Error("the adapter read the input without an error");
}

export function column(table: RawTable, name: string): Array<string | null> {
  const index = table.columns.indexOf(name);
  if (index < 0) throw new Error(`no column ${name} in ${table.columns.join(", ")}`);
  return table.cells[index]!;
}

/** Every "@" helper column by name: the adapter's interpretation of the file, asserted whole. */
export function helpers(table: RawTable): Record<string, Array<string | null>> {
  return Object.fromEntries(table.columns.filter((name) => name.startsWith("@")).map((name) => [name, column(table, name)]));
}

export function lines(table: RawTable): number[] {
  expect(table.provenance.sourceIds).toEqual(["file_test"]);
  expect([...table.provenance.sourceIndex].every((index) => index === 0)).toBe(true);
  for (const cells of table.cells) expect(cells).toHaveLength(table.rowCount);
  return [...table.provenance.line];
}
