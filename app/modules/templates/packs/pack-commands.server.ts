import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { checkPackDir, readPackDir } from "./pack-dir.server";
import type { CheckedPack } from "./pack-files";
import { formatOutcome, runPackStreams, type StreamTestResult } from "./pack-test";
import { writeTar } from "./tar";
import { CURRENT_MANIFEST_VERSION } from "./pack-schema";

/**
 * What the authoring CLI does (pack:validate, pack:test, pack:build,
 * pack:new), as functions the CLI and the tests share.
 */
export async function validatePack(dir: string): Promise<CheckedPack> {
  return checkPackDir(path.resolve(dir));
}

export interface PackTestReport {
  checked: CheckedPack;
  results: StreamTestResult[];
  passed: boolean;
}

/** Runs every stream on its samples and compares with expected/; with `update`, writes expected/ instead. */
export async function testPack(dir: string, options: { update?: boolean } = {}): Promise<PackTestReport> {
  const root = path.resolve(dir);
  const checked = await checkPackDir(root);
  // A missing expected file is what --update is for; any other problem stops the test.
  const blocking = checked.problems.filter((problem) => !(options.update && problem.message.includes("pack:test --update")));
  if (blocking.length > 0 || !checked.manifest) return { checked, results: [], passed: false };
  const { files } = await readPackDir(root);
  const { compilePack } = await import("./compile-pack");
  const { compiled, problems } = compilePack(checked.manifest, {});
  if (!compiled || problems.length > 0) return { checked, results: [], passed: false };
  const results = await runPackStreams(checked.manifest, compiled, files);
  if (options.update) {
    for (const result of results) {
      const target = path.join(root, result.expectedFile);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, formatOutcome(result.actual));
      result.diff = [];
    }
  }
  return { checked, results, passed: results.every((result) => result.diff.length === 0) };
}

/** The pack as a .tgz of its files under package/ (npm's layout), refused if the pack does not validate. */
export async function buildPack(dir: string, outDir = "."): Promise<{ file: string; checked: CheckedPack }> {
  const root = path.resolve(dir);
  const checked = await checkPackDir(root);
  if (checked.problems.length > 0 || !checked.manifest) throw new PackInvalidError(checked);
  const file = path.resolve(outDir, `${checked.manifest.id}-${checked.manifest.version}.tgz`);
  await writeFile(file, await packArchive(root));
  return { file, checked };
}

/** A folder's files as a .tgz, under package/ like npm pack — whatever they hold (tests build refused packs with it too). */
export async function packArchive(dir: string): Promise<Uint8Array> {
  const { files } = await readPackDir(path.resolve(dir));
  return new Uint8Array(gzipSync(writeTar([...files].map(([name, bytes]) => ({ name: `package/${name}`, bytes })))));
}

export class PackInvalidError extends Error {
  constructor(readonly checked: CheckedPack) {
    super(`pack ${checked.name} has ${checked.problems.length} problem(s)`);
  }
}

/** A new pack folder with one stream, a sample pair and its expected results: valid and passing from the start. */
export async function scaffoldPack(dir: string): Promise<string[]> {
  const root = path.resolve(dir);
  const id = path.basename(root).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "my-pack";
  const written: string[] = [];
  const put = async (name: string, text: string) => {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text, { flag: "wx" });
    written.push(name);
  };
  await put("reconstream-pack.json", JSON.stringify(scaffoldManifest(id), null, 2) + "\n");
  await put("samples/invoices.csv", "Invoice,Amount,Date\nINV-1,100.00,2026-01-05\nINV-2,250.50,2026-01-06\nINV-3,80.00,2026-01-07\n");
  await put("samples/payments.csv", "Reference,Paid,Value date\nINV-1,100.00,2026-01-06\nINV-2,250.00,2026-01-07\nINV-9,12.00,2026-01-08\n");
  await put(
    "runbook.md",
    `# ${id} runbook\n\nWhat each exception means and how to resolve it.\n\n- **MISSING_IN_TARGET**: an invoice with no payment yet. Check the customer's remittance.\n- **MISSING_IN_SOURCE**: a payment for no known invoice. Find the invoice or refund.\n- **AMOUNT_MISMATCH**: paid, but not the invoiced amount. Short payment or bank fee.\n`,
  );
  await testPack(root, { update: true });
  written.push("expected/invoices-payments.json");
  return written;
}

function scaffoldManifest(id: string) {
  return {
    $schema: "https://reconstream.dev/api/v1/templates/schema.json",
    manifestVersion: CURRENT_MANIFEST_VERSION,
    id,
    name: "My pack",
    version: "0.1.0",
    industry: "general",
    description: "Invoices against incoming payments.",
    author: "Your name",
    license: "Apache-2.0",
    engine: "^1.0.0",
    parameters: {
      currency: { type: "currency", description: "The currency of both files.", default: "USD" },
      tolerance: { type: "money", description: "Amount difference still accepted.", currencyFrom: "currency", default: { amount: "0.00" } },
    },
    inputs: {
      invoices: { title: "Invoice register", format: "csv", columns: { Invoice: "invoice number", Amount: "major units", Date: "yyyy-MM-dd" } },
      payments: { title: "Incoming payments", format: "csv", columns: { Reference: "the invoice number the payer quoted", Paid: "major units", "Value date": "yyyy-MM-dd" } },
    },
    ruleSets: [
      {
        key: "invoices_vs_payments",
        name: "Invoices vs payments",
        definition: {
          source: {
            mappings: [
              { field: "id", column: "Invoice", transforms: [{ op: "trim" }, { op: "upper" }] },
              { field: "amount", column: "Amount", transforms: [{ op: "parseAmount" }] },
              { field: "currency", transforms: [{ op: "constant", value: "{{params.currency}}" }] },
              { field: "date", column: "Date", transforms: [{ op: "parseDate", format: "yyyy-MM-dd" }] },
            ],
          },
          target: {
            mappings: [
              { field: "id", column: "Reference", transforms: [{ op: "trim" }, { op: "upper" }] },
              { field: "amount", column: "Paid", transforms: [{ op: "parseAmount" }] },
              { field: "currency", transforms: [{ op: "constant", value: "{{params.currency}}" }] },
              { field: "date", column: "Value date", transforms: [{ op: "parseDate", format: "yyyy-MM-dd" }] },
            ],
          },
          passes: [{ name: "invoice number", keys: ["id"], amount: { toleranceMinor: "{{params.tolerance}}", mismatchOnKeyMatch: true } }],
        },
      },
    ],
    streams: [
      {
        key: "invoices-payments",
        name: "Invoices vs payments",
        settings: { layout: { nodes: { invoices: { x: 0, y: 0 }, payments: { x: 0, y: 160 }, match: { x: 320, y: 80 } } } },
        steps: [{ key: "match", name: "Invoices vs payments", ruleSet: "invoices_vs_payments", inputs: { source: { kind: "FILE", input: "invoices" }, target: { kind: "FILE", input: "payments" } } }],
        samples: { invoices: "samples/invoices.csv", payments: "samples/payments.csv" },
        expected: "expected/invoices-payments.json",
      },
    ],
    runbook: "runbook.md",
  };
}
