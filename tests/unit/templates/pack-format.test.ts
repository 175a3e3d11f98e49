import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compilePack } from "~/modules/templates/packs/compile-pack";
import { definitionToDraft, stepNodeId } from "~/modules/streams/definition/editor-model";
import { scaffoldPack, testPack, validatePack } from "~/modules/templates/packs/pack-commands.server";
import { packManifestSchema } from "~/modules/templates/packs/pack-schema";
import { resolveParameterValues, substituteParameters } from "~/modules/templates/packs/parameters";
import { recognizePackInputs } from "~/modules/templates/packs/recognize-input";
import { readTar, UnsafeArchiveError, writeTar } from "~/modules/templates/packs/tar";

const manifestOf = (pack: string) => packManifestSchema.parse(JSON.parse(readFileSync(path.resolve("plugins", pack, "reconstream-pack.json"), "utf8")));

describe("parameters", () => {
  const declared = {
    tolerance: { type: "integer" as const, description: "t", default: 1, minimum: 0 },
    currency: { type: "currency" as const, description: "c", default: "USD" },
    zone: { type: "timeZone" as const, description: "z", default: "UTC" },
    mode: { type: "enum" as const, description: "m", default: "fast", options: ["fast", "strict"] },
  };

  it("a whole-string placeholder takes the value's type; inside text it is interpolated", () => {
    const { value, problems } = substituteParameters({ toleranceMinor: "{{params.tolerance}}", filter: 'currency = "{{ params.currency }}"', list: ["{{params.mode}}"] }, { tolerance: 5, currency: "EUR", mode: "strict" });
    expect(problems).toEqual([]);
    expect(value).toEqual({ toleranceMinor: 5, filter: 'currency = "EUR"', list: ["strict"] });
  });

  it("an unknown placeholder is reported at its pointer and left as written", () => {
    const { value, problems } = substituteParameters({ passes: [{ amount: { toleranceMinor: "{{params.nope}}" } }] }, {});
    expect(problems).toEqual([{ pointer: "/passes/0/amount/toleranceMinor", message: "unknown parameter 'nope'" }]);
    expect(value).toEqual({ passes: [{ amount: { toleranceMinor: "{{params.nope}}" } }] });
  });

  it("values are checked against their declared type and bounds; defaults fill the rest", () => {
    const resolved = resolveParameterValues(declared, { tolerance: 3, zone: "Europe/Berlin" });
    expect(resolved.problems).toEqual([]);
    expect(resolved.values).toEqual({ tolerance: 3, currency: "USD", zone: "Europe/Berlin", mode: "fast" });
    expect(resolveParameterValues(declared, { tolerance: -1, currency: "usd", zone: "Mars/Olympus", mode: "slow", extra: 1 }).problems).toEqual([
      { pointer: "/parameters/extra", message: "the pack has no parameter 'extra'" },
      { pointer: "/parameters/tolerance", message: "tolerance must be at least 0" },
      { pointer: "/parameters/currency", message: "currency must be an ISO 4217 currency code such as USD" },
      { pointer: "/parameters/zone", message: "zone must be an IANA time zone such as Europe/Berlin" },
      { pointer: "/parameters/mode", message: "mode must be one of fast, strict" },
    ]);
  });

  it("instantiation parameters flow into the compiled rule sets and are validated like the API would", () => {
    const manifest = manifestOf("supply-chain-three-way");
    const { compiled } = compilePack(manifest, { priceTolerance: "0.5" });
    expect(compiled!.ruleSets.find((ruleSet) => ruleSet.key === "po_vs_invoices")!.definition.passes.map((pass) => pass.amount?.toleranceBasisPoints)).toEqual([50, 50]);
    expect(compilePack(manifest, { priceTolerance: "200" }).problems).toEqual([{ pointer: "/parameters/priceTolerance", message: "priceTolerance must be at most 100" }]);
  });

  it("compiled streams name the pack's rule sets, take each input as a run parameter and the canonical records it accepts", () => {
    const { compiled } = compilePack(manifestOf("ecommerce-payouts"), {});
    const stream = compiled!.streams.find((candidate) => candidate.key === "shopify-stripe-bank")!;
    expect(stream.definition.settings.parameters.map((parameter) => parameter.name)).toEqual(["orders", "balance", "payouts", "bank"]);
    expect(stream.definition.steps[0]!.inputs.source).toEqual({ kind: "FILE", parameter: "orders", accepts: "order" });
    expect(stream.definition.steps[1]!.inputs).toEqual({ source: { kind: "FILE", parameter: "balance", accepts: "psp_settlement_line" }, target: { kind: "FILE", parameter: "payouts", accepts: "payout" } });
    expect(stream.definition.steps.map((step) => step.ruleSetId)).toEqual(["orders_vs_charges", "charges_vs_payouts", "payouts_vs_bank_reference", "payouts_vs_bank_amount"]);
  });

  it("compiled streams keep the pack's layout on the node ids the stream editor draws", () => {
    const manifest = manifestOf("ecommerce-payouts");
    const { compiled } = compilePack(manifest, {});
    const stream = compiled!.streams.find((candidate) => candidate.key === "shopify-stripe-bank")!;
    const packLayout = manifest.streams.find((candidate) => candidate.key === "shopify-stripe-bank")!.settings!.layout!.nodes;
    const draft = definitionToDraft(stream.definition, { name: "copy", description: null });
    const ordersNode = draft.inputs.find((input) => input.value === "orders" && input.adapter === "")!;
    expect(draft.positions[ordersNode.id]).toEqual(packLayout.orders);
    const bankNode = draft.inputs.find((input) => input.value === "bank" && input.adapter === "")!;
    expect(draft.positions[bankNode.id]).toEqual(packLayout.bank);
    const lastStep = draft.steps.find((step) => step.key === "payouts_bank_amount")!;
    expect(draft.positions[stepNodeId(lastStep)]).toEqual(packLayout.payouts_bank_amount);
  });
});

describe("recognising an upload as one of a pack's inputs", () => {
  it("by the input's header signature, or its adapter's", () => {
    const manifest = manifestOf("ecommerce-payouts");
    const stripe = readFileSync("plugins/ecommerce-payouts/samples/stripe_balance.csv", "utf8");
    const header = stripe.slice(0, stripe.indexOf("\n")).split(",");
    expect(recognizePackInputs(manifest, header, stripe.slice(0, 2000))).toEqual(["balance"]);
    const bank = "Details,Posting Date,Description,Amount,Type,Balance,Check or Slip #";
    expect(recognizePackInputs(manifest, bank.split(","), bank)).toEqual(["bank"]);
    expect(recognizePackInputs(manifest, ["a", "b"], "a,b")).toEqual([]);
  });

  it("as an input that accepts a canonical schema, when the file's own format delivers it", () => {
    const manifest = manifestOf("ecommerce-payouts");
    const mt940 = readFileSync("tests/fixtures/adapters/mt940.sta", "utf8");
    const sparkasse = '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";"Beguenstigter/Zahlungspflichtiger";"Kontonummer/IBAN";"Betrag";"Waehrung"';
    expect(recognizePackInputs(manifest, [], mt940)).toEqual(["bank"]);
    expect(recognizePackInputs(manifest, sparkasse.split(";").map((name) => name.slice(1, -1)), sparkasse)).toEqual(["bank"]);
  });

  it("as the one settlement input whose signature fits, when several accept the same canonical schema", () => {
    const manifest = manifestOf("ecommerce-payouts");
    const sample = (file: string) => readFileSync(path.join("plugins/ecommerce-payouts/samples", file), "utf8");
    const headerOf = (text: string, delimiter: string) => text.slice(0, text.indexOf("\n")).trim().split(delimiter);
    const paypal = sample("paypal_STL-20260302.01.009.CSV");
    const amazon = sample("amazon_settlement_v2_us.txt");
    const adyen = sample("adyen_settlement_detail_report_batch_42.csv");
    expect(recognizePackInputs(manifest, [], paypal.slice(0, 2000))).toEqual(["paypal_settlement"]);
    expect(recognizePackInputs(manifest, headerOf(amazon, "\t"), amazon.slice(0, 2000))).toEqual(["amazon_settlement"]);
    expect(recognizePackInputs(manifest, headerOf(adyen, ","), adyen.slice(0, 2000))).toEqual(["adyen_settlement"]);
  });
});

describe("the tar reader", () => {
  const encoder = new TextEncoder();

  it("reads back what the writer wrote, long names included", () => {
    const long = `package/${"deep/".repeat(25)}file.json`;
    const archive = writeTar([
      { name: "package/reconstream-pack.json", bytes: encoder.encode("{}") },
      { name: long, bytes: encoder.encode("x".repeat(700)) },
    ]);
    expect(readTar(archive, { maxFiles: 10, maxBytes: 10_000 }).map((entry) => [entry.name, entry.bytes.length])).toEqual([
      ["package/reconstream-pack.json", 2],
      [long, 700],
    ]);
  });

  it("refuses absolute paths, '..', and archives beyond the limits", () => {
    const read = (name: string) => () => readTar(writeTar([{ name, bytes: encoder.encode("{}") }]), { maxFiles: 10, maxBytes: 10_000 });
    expect(read("/etc/passwd")).toThrow(new UnsafeArchiveError("absolute or Windows paths are not allowed", "/etc/passwd"));
    expect(read("package/../x")).toThrow(new UnsafeArchiveError("'..' in a path is not allowed", "package/../x"));
    expect(() => readTar(writeTar([{ name: "a", bytes: new Uint8Array(2_000) }]), { maxFiles: 10, maxBytes: 1_000 })).toThrow("the archive unpacks to more than 1000 bytes");
    expect(() => readTar(new Uint8Array(1024).fill(7), { maxFiles: 10, maxBytes: 1_000 })).toThrow("not a tar archive");
  });
});

describe("pack:new", () => {
  it("scaffolds a pack that validates and passes pack:test as created", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "pack-new-")), "acme-invoices");
    const files = await scaffoldPack(dir);
    expect(files.sort()).toEqual(["expected/invoices-payments.json", "reconstream-pack.json", "runbook.md", "samples/invoices.csv", "samples/payments.csv"]);
    expect((await validatePack(dir)).problems).toEqual([]);
    const report = await testPack(dir);
    expect(report.passed).toBe(true);
    expect(report.results[0]!.actual.summary.match!.byType).toEqual({ AMOUNT_MISMATCH: 1, MISSING_IN_SOURCE: 1, MISSING_IN_TARGET: 1 });
  });
});
