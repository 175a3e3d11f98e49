import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Runner } from "graphile-worker";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setFeatureFlag } from "~/modules/tenancy/feature-flags.server";
import { packJsonSchema } from "~/modules/templates/packs/json-schema";
import { packArchive } from "~/modules/templates/packs/pack-commands.server";
import type { StreamOutcome } from "~/modules/templates/packs/pack-test";
import { writeTar } from "~/modules/templates/packs/tar";
import { getDb } from "~/platform/db/client";
import { exceptions } from "~/platform/db/schema";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { startTestWorker, waitFor, waitForRunEnd } from "../../support/streams";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * The templates API end to end: the catalog of the four shipped packs, their
 * detail, the JSON Schema, instantiation with checked parameters, each
 * industry pack instantiated and run by the worker on its own samples (the
 * exceptions equal its expected/), and private uploads: org-only, immutable
 * per version, and refused when they carry code — without running it.
 */
let baseUrl: string;
let orgA: TestOrg;
let orgB: TestOrg;
let admin: ApiClient;
let runner: Runner;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  orgA = await createTestOrg("Org A");
  orgB = await createTestOrg("Org B");
  admin = apiClient(baseUrl, orgA.keys.admin);
  runner = await startTestWorker(2);
}, 60_000);

afterAll(async () => {
  await runner?.stop();
});

async function uploadSample(pack: string, sample: string, lenient = false): Promise<string> {
  const bytes = readFileSync(path.resolve("plugins", pack, sample));
  const form = new FormData();
  form.append("file", new Blob([bytes]), path.basename(sample));
  if (lenient) form.append("policy", "lenient");
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${orgA.keys.operator}` } });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await waitFor(async () => {
    const file = (await (await admin.get(`/api/v1/files/${id}`)).json()) as { status: string };
    return file.status === "processing" ? undefined : true;
  }, 60_000, `profiling of ${sample}`);
  return id;
}

describe("the catalog", () => {
  it("lists the four public packs at their versions, and no invalid ones", async () => {
    const response = await apiClient(baseUrl, orgA.keys.viewer).get("/api/v1/templates");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Array<{ id: string; latestVersion: string; visibility: string; object: string }>; invalid: unknown[] };
    expect(body.data.map((template) => [template.id, template.latestVersion, template.visibility, template.object])).toEqual([
      ["banking-cash", "1.1.0", "public", "template"],
      ["ecommerce-payouts", "1.1.0", "public", "template"],
      ["supply-chain-three-way", "1.1.0", "public", "template"],
      ["trading-ops", "1.1.0", "public", "template"],
    ]);
    expect(body.invalid).toEqual([]);
  });

  it("shows a pack's versions, parameters, streams with their layout, and runbook", async () => {
    const response = await apiClient(baseUrl, orgA.keys.viewer).get("/api/v1/templates/ecommerce-payouts");
    expect(response.status).toBe(200);
    const detail = (await response.json()) as Record<string, unknown> & { versions: Array<{ version: string }>; parameters: Record<string, { type: string; default: unknown; constraints: Record<string, unknown> }>; streams: Array<{ key: string; layout: { nodes: Record<string, unknown> } }>; runbook: string };
    const manifest = JSON.parse(readFileSync("plugins/ecommerce-payouts/reconstream-pack.json", "utf8")) as { parameters: Record<string, unknown>; streams: Array<{ key: string; settings: { layout: unknown } }> };
    expect(detail.versions.map((version) => version.version)).toEqual(["1.1.0"]);
    // The declaration as written, with the constraints a client builds its form from.
    expect(Object.fromEntries(Object.entries(detail.parameters).map(([name, { constraints: _constraints, ...declared }]) => [name, declared]))).toEqual(manifest.parameters);
    expect(detail.parameters.criticalMismatchOver!.constraints).toEqual({
      valueShape: `{ "amount": "1000.00" } (in the currency of parameter 'currency')`,
      currency: null,
      currencyFrom: "currency",
      decimals: null,
      pattern: "^\\d+(\\.\\d+)?$",
      minimum: 0,
      maximum: null,
      options: [],
      input: null,
      accepts: [],
    });
    expect(detail.parameters.bankDateWindow!.constraints.valueShape).toBe('ISO 8601 days or hours: "P3D", "PT12H"');
    expect(detail.streams.map((stream) => [stream.key, stream.layout])).toEqual(manifest.streams.map((stream) => [stream.key, stream.settings.layout]));
    expect(detail.runbook).toBe(readFileSync("plugins/ecommerce-payouts/runbook.md", "utf8"));
  });

  it("serves the manifest's JSON Schema without credentials, equal to the committed plugins/pack.schema.json", async () => {
    const response = await fetch(`${baseUrl}/api/v1/templates/schema.json`);
    expect(response.status).toBe(200);
    const schema = await response.json();
    expect(schema).toEqual(JSON.parse(JSON.stringify(packJsonSchema())));
    expect(schema).toEqual(JSON.parse(readFileSync("plugins/pack.schema.json", "utf8")));
  });

  it("answers 404 everywhere when the org's templates flag is off", async () => {
    await setFeatureFlag(orgB.ownerCtx, "templates", false);
    const client = apiClient(baseUrl, orgB.keys.owner);
    expect((await client.get("/api/v1/templates")).status).toBe(404);
    expect((await client.get("/api/v1/templates/banking-cash")).status).toBe(404);
    expect((await client.post("/api/v1/templates/banking-cash/instantiate", { name: "x" })).status).toBe(404);
    await setFeatureFlag(orgB.ownerCtx, "templates", true);
    expect((await client.get("/api/v1/templates/banking-cash")).status).toBe(200);
  });
});

describe("instantiate", () => {
  it("refuses parameters of the wrong type or unknown to the pack, with pointers, and creates nothing", async () => {
    const response = await admin.post("/api/v1/templates/trading-ops/instantiate", { name: "Desk", parameters: { priceTolerance: "five", positionDate: "16/01/2026", lotSize: 100 } });
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.errors).toEqual([
      { pointer: "/parameters/lotSize", message: "the pack has no parameter 'lotSize'" },
      // Declared parameters in the stored manifest's key order (jsonb: shorter names first).
      { pointer: "/parameters/positionDate", message: "positionDate must be a date as yyyy-mm-dd" },
      { pointer: "/parameters/priceTolerance", message: 'priceTolerance must be a non-negative percentage such as "1.5"' },
    ]);
    const ruleSets = (await (await admin.get("/api/v1/rule-sets")).json()) as { data: unknown[] };
    expect(ruleSets.data).toEqual([]);
  });

  it("needs config:write: an operator gets 403", async () => {
    expect((await apiClient(baseUrl, orgA.keys.operator).post("/api/v1/templates/trading-ops/instantiate", { name: "Desk" })).status).toBe(403);
  });

  it("puts the given parameters into the org's rule sets", async () => {
    const response = await admin.post("/api/v1/templates/trading-ops/instantiate", { name: "Tight desk", parameters: { priceTolerance: "0.01" } });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { ruleSets: Array<{ key: string; id: string }> };
    const ruleSet = (await (await admin.get(`/api/v1/rule-sets/${created.ruleSets.find((candidate) => candidate.key === "blotter_vs_confirms")!.id}`)).json()) as { definition: { passes: Array<{ amount: { toleranceBasisPoints: number } }> } };
    expect(ruleSet.definition.passes[0]!.amount.toleranceBasisPoints).toBe(1);
  });

  it("typed values become exact minor units, whole days and basis points in the org's rule sets", async () => {
    const response = await admin.post("/api/v1/templates/ecommerce-payouts/instantiate", {
      name: "Kuwait store",
      parameters: { currency: "KWD", orderAmountTolerance: { amount: "0.005" }, criticalMismatchOver: { amount: "1234.567" }, orderDateWindow: "P4D", bankDateWindow: "5 days" },
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { parameters: Record<string, unknown>; ruleSets: Array<{ key: string; id: string }> };
    expect(created.parameters).toMatchObject({ currency: "KWD", orderAmountTolerance: { amount: "0.005", currency: "KWD" }, criticalMismatchOver: { amount: "1234.567", currency: "KWD" }, orderDateWindow: "P4D", bankDateWindow: "P5D" });
    const ruleSet = (await (await admin.get(`/api/v1/rule-sets/${created.ruleSets.find((candidate) => candidate.key === "orders_vs_charges")!.id}`)).json()) as {
      definition: { passes: Array<{ amount?: { toleranceMinor: number }; date?: { windowDays: number } }>; severity: { amountThresholds: Array<{ overMinor: number }> } };
    };
    expect(ruleSet.definition.passes.map((pass) => pass.amount?.toleranceMinor)).toEqual([5, 5]);
    expect(ruleSet.definition.passes.map((pass) => pass.date?.windowDays).filter((days) => days !== undefined)).toEqual([4]);
    expect(ruleSet.definition.severity.amountThresholds.map((threshold) => threshold.overMinor)).toEqual([1234567]);
  });

  it("typed values that do not fit are 422 with the pointer of the part at fault", async () => {
    const response = await admin.post("/api/v1/templates/ecommerce-payouts/instantiate", {
      name: "Bad store",
      parameters: { currency: "JPY", criticalMismatchOver: { amount: "1000.50" }, orderAmountTolerance: { amount: 1 }, bankDateWindow: "PT12H", orderDateWindow: "P1M", orderTimeZone: "EST" },
    });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual(
      expect.arrayContaining([
        { pointer: "/parameters/orderTimeZone", message: "orderTimeZone must be an IANA time zone such as Europe/Berlin" },
        { pointer: "/parameters/orderDateWindow", message: 'orderDateWindow must be a duration in days or hours: ISO 8601 such as "P3D" or "PT12H", or "3 days"' },
        { pointer: "/parameters/criticalMismatchOver/amount", message: "criticalMismatchOver JPY has no minor units: write a whole amount such as 1000" },
        { pointer: "/parameters/orderAmountTolerance/amount", message: 'orderAmountTolerance must be decimal text in major units, e.g. "1000.00" (a JSON number is not exact)' },
      ]),
    );
    const halfDay = await admin.post("/api/v1/templates/ecommerce-payouts/instantiate", { name: "Half day", parameters: { bankDateWindow: "PT12H" } });
    expect(halfDay.status).toBe(422);
    expect((await problemOf(halfDay)).errors).toContainEqual({
      pointer: expect.stringMatching(/^\/ruleSets\/\d+\/definition\/passes\/\d+\/date\/windowDays$/),
      message: "{{params.bankDateWindow}} is PT12H, not a whole number of days; this field takes whole days (write e.g. P1D or P2D)",
    });
  });

  /**
   * `lenient`: a PayPal STL is CSV with section header/footer rows of other widths; generic
   * profiling refuses it under strict, and the runtime reads only ready files, even when an
   * adapter reads the bytes. Uploaded as lenient it becomes ready; the adapter still reads it whole.
   */
  const RUNS: Array<{ pack: string; stream: string; samples: Record<string, string>; expected: string; lenient?: string[] }> = [
    { pack: "supply-chain-three-way", stream: "three-way-match", samples: { purchase_orders: "samples/purchase_orders.csv", goods_receipts: "samples/goods_receipts.csv", invoices: "samples/invoices.csv" }, expected: "expected/three-way-match.json" },
    { pack: "banking-cash", stream: "cash-reconciliation", samples: { statement: "samples/statement_2026-01.camt053.xml", gl_cash: "samples/gl_cash_2026-01.csv" }, expected: "expected/cash-reconciliation.json" },
    { pack: "ecommerce-payouts", stream: "paypal-bank", samples: { paypal_settlement: "samples/paypal_STL-20260302.01.009.CSV", bank: "samples/bank_paypal.csv" }, expected: "expected/paypal-bank.json", lenient: ["paypal_settlement"] },
    { pack: "ecommerce-payouts", stream: "amazon-bank", samples: { amazon_settlement: "samples/amazon_settlement_v2_us.txt", bank: "samples/bank_amazon.csv" }, expected: "expected/amazon-bank.json" },
    { pack: "ecommerce-payouts", stream: "adyen-bank", samples: { adyen_settlement: "samples/adyen_settlement_detail_report_batch_42.csv", bank: "samples/bank_adyen_eur.camt053.xml" }, expected: "expected/adyen-bank.json" },
    { pack: "trading-ops", stream: "trade-lifecycle", samples: { blotter: "samples/trade_blotter.csv", confirms: "samples/broker_confirms.csv", positions: "samples/custodian_positions.csv" }, expected: "expected/trade-lifecycle.json" },
  ];

  for (const run of RUNS) {
    it(`${run.pack} (${run.stream}): instantiated and run by the worker on its samples, raises exactly its expected exceptions`, async () => {
      const response = await admin.post(`/api/v1/templates/${run.pack}/instantiate`, { name: run.pack });
      expect(response.status).toBe(201);
      const { streams } = (await response.json()) as { streams: Array<{ key: string; id: string }> };
      const fileIds: Record<string, string> = {};
      const pathOf = new Map<string, string>();
      for (const [input, sample] of Object.entries(run.samples)) {
        fileIds[input] = await uploadSample(run.pack, sample, run.lenient?.includes(input) ?? false);
        pathOf.set(fileIds[input]!, sample);
      }
      const started = await apiClient(baseUrl, orgA.keys.operator).post(`/api/v1/streams/${streams.find((stream) => stream.key === run.stream)!.id}/runs`, { parameters: fileIds });
      expect(started.status).toBe(202);
      const runId = ((await started.json()) as { id: string }).id;
      const finished = await waitForRunEnd(admin, runId, 120_000);
      const stepFailures = ((await (await admin.get(`/api/v1/stream-runs/${runId}/steps`)).json()) as { data: Array<{ failure: unknown }> }).data.map((step) => step.failure).filter(Boolean);
      expect(stepFailures).toEqual([]);
      expect(finished.state).toBe("succeeded");

      const raised = (await getDb().select().from(exceptions).where(eq(exceptions.streamRunId, runId))) as unknown as Array<{ stepKey: string; type: string; severity: string; sourceRows: Array<{ sourceId: string; line: number }>; targetRows: Array<{ sourceId: string; line: number }> }>;
      const name = (row: { sourceId: string; line: number }) => `${pathOf.get(row.sourceId)}:${row.line}`;
      const actual = raised.map((exception) => `${exception.stepKey} ${exception.type} ${exception.severity} [${exception.sourceRows.map(name).join(" ")}] [${exception.targetRows.map(name).join(" ")}]`).sort();
      const expected = (JSON.parse(readFileSync(path.resolve("plugins", run.pack, run.expected), "utf8")) as StreamOutcome).exceptions
        .map((exception) => `${exception.step} ${exception.type} ${exception.severity} [${exception.source.join(" ")}] [${exception.target.join(" ")}]`)
        .sort();
      expect(actual).toEqual(expected);
    }, 180_000);
  }
});

describe("private packs", () => {
  const FIXTURES = path.resolve("tests/fixtures/packs");

  async function upload(key: string, archive: Uint8Array): Promise<Response> {
    const form = new FormData();
    form.append("file", new Blob([Buffer.from(archive)], { type: "application/gzip" }), "pack.tgz");
    return fetch(`${baseUrl}/api/v1/templates`, { method: "POST", body: form, headers: { Authorization: `Bearer ${key}` } });
  }

  it("an admin's upload is registered for that org only", async () => {
    const response = await upload(orgA.keys.admin, await packArchive(path.join(FIXTURES, "private-invoices")));
    expect(response.status).toBe(201);
    expect(((await response.json()) as { id: string; visibility: string }).visibility).toBe("private");
    const listA = (await (await admin.get("/api/v1/templates")).json()) as { data: Array<{ id: string }> };
    expect(listA.data.map((template) => template.id)).toContain("private-invoices");
    const listB = (await (await apiClient(baseUrl, orgB.keys.owner).get("/api/v1/templates")).json()) as { data: Array<{ id: string }> };
    expect(listB.data.map((template) => template.id)).not.toContain("private-invoices");
    expect((await apiClient(baseUrl, orgB.keys.owner).get("/api/v1/templates/private-invoices")).status).toBe(404);
    expect((await apiClient(baseUrl, orgB.keys.owner).post("/api/v1/templates/private-invoices/instantiate", { name: "x" })).status).toBe(404);
  });

  it("the same version again is a no-op; the same version with other content is refused", async () => {
    const same = await upload(orgA.keys.admin, await packArchive(path.join(FIXTURES, "private-invoices")));
    expect(same.status).toBe(200);
    const files = [...readdirFiles(path.join(FIXTURES, "private-invoices"))].map(([name, bytes]) => ({ name: `package/${name}`, bytes: name === "runbook.md" ? new TextEncoder().encode("# changed\n") : bytes }));
    const changed = await upload(orgA.keys.admin, new Uint8Array(gzipSync(writeTar(files))));
    expect(changed.status).toBe(409);
  });

  it("needs an admin: an operator gets 403", async () => {
    expect((await upload(orgA.keys.operator, await packArchive(path.join(FIXTURES, "private-invoices")))).status).toBe(403);
  });

  it("a pack with a postinstall script and a .js file is refused, and nothing in it runs", async () => {
    const marker = path.join(tmpdir(), "reconstream-pack-code-ran");
    rmSync(marker, { force: true });
    const response = await upload(orgA.keys.admin, await packArchive(path.join(FIXTURES, "with-code")));
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([
      { file: "install.js", message: "packs never contain code; remove this file" },
      { file: "package.json", pointer: "/scripts", message: "packs never contain code: remove the scripts" },
    ]);
    expect(existsSync(marker)).toBe(false);
    const list = (await (await admin.get("/api/v1/templates")).json()) as { data: Array<{ id: string }> };
    expect(list.data.map((template) => template.id)).not.toContain("with-code");
  });

  it("an archive with a symbolic link or a path outside the pack is refused", async () => {
    const link = tarWithEntry("package/samples/evil", "2", "/etc/passwd");
    const linkResponse = await upload(orgA.keys.admin, link);
    expect(linkResponse.status).toBe(422);
    expect((await problemOf(linkResponse)).errors).toEqual([{ file: "package/samples/evil", message: "package/samples/evil: is a symbolic link; packs hold only regular files" }]);
    const escape = tarWithEntry("package/../../escape.json", "0", "");
    const escapeResponse = await upload(orgA.keys.admin, escape);
    expect(escapeResponse.status).toBe(422);
    expect((await problemOf(escapeResponse)).errors).toEqual([{ file: "package/../../escape.json", message: "package/../../escape.json: '..' in a path is not allowed" }]);
  });
});

function readdirFiles(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(name);
      else files.set(name, new Uint8Array(readFileSync(path.join(dir, name))));
    }
  };
  walk("");
  return files;
}

/** A one-entry gzip'd tar with a hand-set type flag (writeTar only writes regular files) and link target. */
function tarWithEntry(name: string, type: string, linkName: string): Uint8Array {
  const archive = writeTar([{ name: "placeholder", bytes: new Uint8Array(0) }]);
  const header = archive.subarray(0, 512);
  header.fill(0, 0, 100);
  header.set(new TextEncoder().encode(name), 0);
  header[156] = type.charCodeAt(0);
  header.set(new TextEncoder().encode(linkName), 157);
  header.fill(32, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.set(new TextEncoder().encode(sum.toString(8).padStart(6, "0") + "\u0000 "), 148);
  return new Uint8Array(gzipSync(archive));
}
