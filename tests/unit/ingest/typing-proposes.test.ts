import { describe, expect, it } from "vitest";
import { profileFile, readFile } from "~/core/ingest";
import { bytesSource, utf8 } from "./support";

/** Issue #17 part 3: type inference proposes a type; it never makes a valid provider file fail. */

async function profileOf(text: string, name = "typing.csv") {
  return profileFile(bytesSource(utf8(text)), name);
}

function columnNamed(profile: Awaited<ReturnType<typeof profileOf>>, name: string) {
  const found = profile.columns.find((column) => column.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

describe("type inference proposes, it does not reject", () => {
  it("keeps 16-digit references as text when some are beyond 2^53, with every digit", async () => {
    // Below and above 2^53 (9007199254740992): the column must not be an integer column with a few "too large" values.
    const references = ["4815162342108001", "9107199254740993", "8816012345678901", "9999999999999999"];
    const text = `psp_reference,amount\n${references.map((ref, i) => `${ref},${i + 1}.00`).join("\n")}\n`;
    const open = bytesSource(utf8(text));
    const profile = await profileFile(open, "adyen.csv");
    const column = columnNamed(profile, "psp_reference");
    expect(column.type).toBe("string");
    expect(column.evidence).toContain("4 values have more than 15 digits (e.g. line 2 '4815162342108001'): identifiers");
    const read = await readFile(open, "adyen.csv", profile, { sourceId: "file-1", policy: "strict" });
    expect(read.table.cells[0]).toEqual(references);
  });

  it("keeps a column of digit strings with a few 16-digit values as text rather than integer", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${1000 + i}`);
    rows.push("12345678901234567");
    const profile = await profileOf(`ref\n${rows.join("\n")}\n`);
    expect(profile.columns[0]!.type).toBe("string");
  });

  it("does not type Amazon's AFN/MFN fulfillment channel as a currency", async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i % 3 === 0 ? "MFN" : "AFN"},${i + 1}.00`).join("\n");
    const profile = await profileOf(`fulfillment-id,amount\n${rows}\n`);
    expect(columnNamed(profile, "fulfillment-id").type).toBe("string");
    const onlyAfn = await profileOf(`fulfillment-id,amount\n${Array.from({ length: 5 }, () => "AFN,1.00").join("\n")}\n`);
    expect(columnNamed(onlyAfn, "fulfillment-id").type).toBe("string");
  });

  it("types a column as currency when its header says so, or its codes include a widely traded currency", async () => {
    const byHeader = await profileOf("Waehrung,amount\nAFN,1.00\nAFN,2.00\n");
    expect(columnNamed(byHeader, "Waehrung").type).toBe("currency");
    expect(columnNamed(byHeader, "Waehrung").evidence).toContain('the header "Waehrung" names a currency');
    const byCodes = await profileOf("code,amount\nEUR,1.00\nCHF,2.00\n");
    expect(columnNamed(byCodes, "code").type).toBe("currency");
  });

  it("demotes a date column with one value that is not a date, naming the line and value", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `2026-03-${String((i % 28) + 1).padStart(2, "0")},${i}`);
    rows[16] = "soon,16";
    const open = bytesSource(utf8(`booked,n\n${rows.join("\n")}\n`));
    const profile = await profileFile(open, "dates.csv");
    const booked = columnNamed(profile, "booked");
    expect(booked.type).toBe("string");
    expect(booked.confirmed).toBeUndefined();
    expect(booked.evidence).toBe("string: demoted: 1 of 40 values is not a date, e.g. line 18 'soon'; 0 null; sample: the whole file, up to 10,000 rows");
    const read = await readFile(open, "dates.csv", profile, { sourceId: "file-1", policy: "strict" });
    expect([read.errorCount, read.table.rowCount]).toEqual([0, 40]);
  });

  it("fails the row under strict when the user confirmed the type the value does not fit", async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `2026-03-${String(i + 1).padStart(2, "0")},${i}`);
    rows[4] = "soon,4";
    const open = bytesSource(utf8(`booked,n\n${rows.join("\n")}\n`));
    const profile = await profileFile(open, "dates.csv", { columns: { booked: { type: "date" } } });
    expect([columnNamed(profile, "booked").type, columnNamed(profile, "booked").confirmed]).toEqual(["date", true]);
    const failure = await readFile(open, "dates.csv", profile, { sourceId: "file-1", policy: "strict" }).catch((error: unknown) => error);
    expect((failure as { errors: unknown[] }).errors).toEqual([
      { file: "dates.csv", line: 6, column: 1, field: "booked", value: "soon", message: 'booked: "soon" not a date in format "yyyy-MM-dd": does not match the pattern (expected date)' },
    ]);
  });
});

describe("a line of only delimiters or whitespace is a blank line", () => {
  it("is not a record at the end of a semicolon file", async () => {
    const open = bytesSource(utf8("id;amount;note\n1;2.00;a\n2;3.00;b\n;;\n  ;  ; \n"));
    const profile = await profileFile(open, "semi.csv");
    expect(profile.sampledRows).toBe(2);
    const read = await readFile(open, "semi.csv", profile, { sourceId: "file-1", policy: "strict" });
    expect([read.table.rowCount, read.errorCount, [...read.table.provenance.line]]).toEqual([2, 0, [2, 3]]);
  });

  it("keeps line numbers of later records when a delimiter-only line sits in the middle, in tab-separated text", async () => {
    const open = bytesSource(utf8("id\tname\n1\ta\n\t\n2\tb\n"));
    const profile = await profileFile(open, "tabs.tsv");
    const read = await readFile(open, "tabs.tsv", profile, { sourceId: "file-1", policy: "strict" });
    expect([read.table.rowCount, [...read.table.provenance.line], read.table.cells[1]]).toEqual([2, [2, 4], ["a", "b"]]);
  });
});
