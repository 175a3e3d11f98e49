import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { writeTar } from "~/modules/templates/packs/tar";
import type { AnswerKey } from "../support/ecommerce-fixtures";
import { baseUrl, createOrg, expectAccessible, freshPage, joinAs, runCli, screenshot, signIn, type E2eOrg } from "./support/app";

/**
 * Acceptance of the template gallery (web UI issue 9): the e-commerce pack
 * found in the gallery, instantiated with parameters from its "Use this
 * template" dialog (a wrong value lands on its field), run from the UI on the
 * generator's files, with a step's counts checked against the generator's
 * answer key. Private packs: an admin uploads one (a refused archive shows
 * its located problems), a viewer sees the gallery but no way to use or
 * upload, and another organization gets the 404 page for it.
 */
const stamp = Date.now().toString(36);
const SEED_DIR = path.resolve("tests/fixtures/ecommerce-2000/seed-1");
const PACK = "ecommerce-payouts";
const PIPELINE = "shopify-stripe-bank";
/** The generator's file for each input of the pack's main pipeline (checked against the pack below). */
const GENERATOR_FILES: Record<string, string> = {
  orders: "shopify_orders.csv.gz",
  balance: "stripe_balance.csv.gz",
  payouts: "stripe_payouts.csv.gz",
  bank: "bank_statement.csv.gz",
};

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1440, height: 1000 } });

let owner: E2eOrg;
let ownerPage: Page;

interface TemplateDetail {
  name: string;
  parameters: Record<string, { title?: string; default: unknown }>;
  streams: Array<{ key: string; name: string; steps: Array<{ key: string; inputs: Record<string, { kind: string; input?: string }> }> }>;
}

async function api<T>(method: "GET" | "PUT", url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl()}${url}`, {
    method,
    headers: { Authorization: `Bearer ${owner.apiKey}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  expect(response.status, `${method} ${url}`).toBeLessThan(300);
  return (await response.json()) as T;
}

function answerKey(): AnswerKey {
  return JSON.parse(gunzipSync(readFileSync(path.join(SEED_DIR, "answer_key.json.gz"))).toString("utf8")) as AnswerKey;
}

/** A pack folder as `pack:build` ships it: every file under package/, gzip'd tar. */
function packArchive(dir: string): Buffer {
  const files: Array<{ name: string; bytes: Uint8Array }> = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative))) {
      const name = relative ? `${relative}/${entry}` : entry;
      if (statSync(path.join(dir, name)).isDirectory()) walk(name);
      else files.push({ name: `package/${name}`, bytes: readFileSync(path.join(dir, name)) });
    }
  };
  walk("");
  return gzipSync(writeTar(files));
}

test.beforeAll(async ({ browser }) => {
  owner = createOrg(`Templates Co ${stamp}`, `tess-${stamp}@templates.test`);
  // The org's first key is an admin's; feature flags are the owner's.
  owner.apiKey = runCli(["apikey:create", "--org", owner.orgId, "--role", "owner", "--name", "e2e setup"]).apiKey!;
  await api("PUT", "/api/v1/feature-flags/streams", { enabled: true });
  ownerPage = await freshPage(browser);
  await ownerPage.setViewportSize({ width: 1440, height: 1000 });
  await signIn(ownerPage, owner.email, owner.password);
});

test("Instantiate the e-commerce template with parameters and run it", async () => {
  test.setTimeout(300_000);
  const page = ownerPage;
  const detail = await api<TemplateDetail>("GET", `/api/v1/templates/${PACK}`);
  const pipeline = detail.streams.find((stream) => stream.key === PIPELINE)!;
  const pipelineInputs = [...new Set(pipeline.steps.flatMap((step) => Object.values(step.inputs).flatMap((input) => (input.kind === "FILE" ? [input.input!] : []))))];
  expect(pipelineInputs.sort()).toEqual(Object.keys(GENERATOR_FILES).sort());

  // The generator's files, uploaded in the browser, profiled by the worker.
  await page.goto(`${baseUrl()}/files`);
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Choose files to upload").setInputFiles(
    Object.values(GENERATOR_FILES).map((name) => ({ name, mimeType: "application/gzip", buffer: readFileSync(path.join(SEED_DIR, name)) })),
  );
  await expect(page.getByText(/Uploaded .*; profiling in the background/)).toHaveCount(pipelineInputs.length, { timeout: 60_000 });
  await expect
    .poll(async () => (await api<{ data: unknown[] }>("GET", "/api/v1/files?status=ready")).data.length, { timeout: 90_000 })
    .toBe(pipelineInputs.length);

  // The gallery, grouped by industry; the filters narrow it.
  await page.goto(`${baseUrl()}/templates`);
  const ecommerce = page.getByTestId("industry-ecommerce");
  await expect(ecommerce.getByRole("heading", { level: 2, name: "E-commerce" })).toBeVisible();
  const card = page.getByTestId(`template-card-${PACK}`);
  await expect(card.getByRole("heading", { name: detail.name })).toBeVisible();
  await expect(card.getByTestId("template-step-count")).toHaveText(String(detail.streams.reduce((total, stream) => total + stream.steps.length, 0)));
  await expectAccessible(page);
  await screenshot(page, "templates-01-gallery");
  await page.getByLabel("Industry").selectOption({ label: "Supply chain" });
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId("industry-supply-chain")).toBeVisible();
  await page.getByLabel("Industry").selectOption({ label: "All industries" });
  await page.getByLabel("Search templates").fill("no such template anywhere");
  await expect(page.getByRole("heading", { name: "No template matches" })).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await page.getByLabel("Search templates").fill("shopify");
  await expect(card).toBeVisible();
  await expect(page.getByTestId("industry-banking")).toHaveCount(0);

  // The pack page: each pipeline as a graph (steps + the files they read), parameters, runbook.
  await card.getByRole("link", { name: detail.name, exact: true }).click();
  await expect(page).toHaveURL(`${baseUrl()}/templates/${PACK}`);
  await expect(page.getByRole("heading", { level: 1, name: detail.name })).toBeVisible();
  const graph = page.getByTestId(`template-stream-${PIPELINE}`).getByTestId("stream-graph");
  await expect(graph.locator(".react-flow__node")).toHaveCount(pipeline.steps.length + pipelineInputs.length);
  await expect(graph.locator(".react-flow__edge")).toHaveCount(pipeline.steps.length * 2);
  const parameterTable = page.getByRole("table", { name: "Parameters" });
  await expect(parameterTable.getByRole("row")).toHaveCount(Object.keys(detail.parameters).length + 1);
  await expect(page.getByTestId("runbook").getByRole("heading").first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "templates-02-pack-page");

  // Use this template: a wrong currency comes back on its field, the dialog still open.
  await page.getByRole("button", { name: "Use this template" }).click();
  const dialog = page.getByRole("dialog", { name: `Use ${detail.name}` });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  const name = `Acme store ${stamp}`;
  await dialog.getByLabel("Name").fill(name);
  const currency = dialog.getByLabel(detail.parameters.currency!.title!);
  await currency.fill("U$");
  await dialog.getByRole("button", { name: "Create streams" }).click();
  await expect(currency).toHaveAttribute("aria-invalid", "true");
  await expect(currency).toBeFocused();
  await expect(dialog.getByText("currency must be an ISO 4217 currency code")).toHaveCount(2);
  await expect(dialog.getByRole("alert")).toContainText(`${detail.parameters.currency!.title!}: currency must be an ISO 4217 currency code`);
  await expect(dialog.getByRole("alert")).toContainText("Nothing was created");
  await screenshot(page, "templates-03-dialog-error");
  await dialog.screenshot({ path: "test-results/screenshots/templates-03b-dialog-error-close-up.png" });
  await expect((await api<{ data: unknown[] }>("GET", "/api/v1/streams")).data).toHaveLength(0);

  // Lower case is accepted and stored upper case; the tolerance keeps its default by being typed again.
  await currency.fill("usd");
  await dialog.getByLabel(detail.parameters.orderAmountTolerance!.title!).fill((detail.parameters.orderAmountTolerance!.default as { amount: string }).amount);
  await dialog.getByLabel(detail.parameters.orderTimeZone!.title!).fill("UTC");
  await dialog.getByRole("button", { name: "Create streams" }).click();
  const result = page.getByTestId("instantiation-result");
  await expect(result.getByRole("heading", { name: new RegExp(`^Created ${detail.streams.length} streams`) })).toBeVisible();
  await screenshot(page, "templates-04-created");
  await result.screenshot({ path: "test-results/screenshots/templates-04b-created-close-up.png" });
  const streamName = `${name} · ${pipeline.name}`;
  await result.getByRole("link", { name: `Open ${streamName}` }).click();

  // The copy's stream page: run it with the uploaded files, from the UI.
  await expect(page.getByRole("heading", { level: 1, name: streamName })).toBeVisible();
  await expect(page.getByTestId("stream-graph").locator(".react-flow__node").first()).toBeVisible();
  await screenshot(page, "templates-05-stream-page");
  const ready = await api<{ data: Array<{ id: string; name: string }> }>("GET", "/api/v1/files?status=ready");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const runDialog = page.getByRole("dialog", { name: `Run ${streamName}` });
  for (const [input, file] of Object.entries(GENERATOR_FILES)) {
    await runDialog.getByLabel(`File for “${input}”`).selectOption(ready.data.find((candidate) => candidate.name === file)!.id);
  }
  await runDialog.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  await expect(page.getByTestId("run-state")).toHaveAttribute("data-state", "succeeded", { timeout: 240_000 });
  for (const step of pipeline.steps) await expect(page.getByTestId(`timeline-step-${step.key}`)).toHaveAttribute("data-state", "succeeded");
  await screenshot(page, "templates-06-run-succeeded");

  // Charges ↔ payouts: one match per payout the answer key balances, one exception per payout it does not.
  const payouts = Object.values(answerKey().charges_vs_payouts.payouts);
  const balanced = payouts.filter((payout) => payout.status === "MATCHED").length;
  const chargesPayouts = page.getByTestId("timeline-step-charges_payouts");
  await expect(chargesPayouts.locator("dt", { hasText: "Matched" }).locator("+ dd")).toHaveText(balanced.toLocaleString("en-US"));
  await expect(chargesPayouts.locator("dt", { hasText: "Exceptions" }).locator("+ dd")).toHaveText((payouts.length - balanced).toLocaleString("en-US"));

  // Every step's counts on the timeline are the run's own, as the API reports them.
  const runId = page.url().split("/").pop()!;
  const stepRuns = await api<{ data: Array<{ stepKey: string; metrics: { matches: number; exceptions: number } }> }>("GET", `/api/v1/stream-runs/${runId}/steps`);
  expect(stepRuns.data.map((stepRun) => stepRun.stepKey).sort()).toEqual(pipeline.steps.map((step) => step.key).sort());
  for (const stepRun of stepRuns.data) {
    const row = page.getByTestId(`timeline-step-${stepRun.stepKey}`);
    await expect(row.locator("dt", { hasText: "Matched" }).locator("+ dd")).toHaveText(stepRun.metrics.matches.toLocaleString("en-US"));
    await expect(row.locator("dt", { hasText: "Exceptions" }).locator("+ dd")).toHaveText(stepRun.metrics.exceptions.toLocaleString("en-US"));
  }

  // The copy records its pack and the parameters as typed (currency upper-cased).
  const streams = await api<{ data: Array<{ id: string; name: string; origin: { templateId: string; streamKey: string } | null }> }>("GET", "/api/v1/streams");
  expect(streams.data.filter((stream) => stream.origin?.templateId === PACK).map((stream) => stream.origin!.streamKey).sort()).toEqual(detail.streams.map((stream) => stream.key).sort());
});

test("the new-stream wizard starts from a template or from scratch", async () => {
  const page = ownerPage;
  const detail = await api<TemplateDetail>("GET", `/api/v1/templates/${PACK}`);
  await page.goto(`${baseUrl()}/streams`);
  await page.getByRole("link", { name: "New stream" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New stream" })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "templates-07-wizard");

  await page.getByRole("link", { name: `Use ${detail.name}` }).click();
  await expect(page.getByRole("dialog", { name: `Use ${detail.name}` })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: `Use ${detail.name}` })).toHaveCount(0);

  // From scratch, by keyboard: name, two file inputs, two steps → the editor with them in place.
  await page.goto(`${baseUrl()}/streams/new`);
  await page.getByLabel("Stream name").fill("Marketplace to bank");
  await page.keyboard.press("Tab");
  await page.keyboard.type("settlement, bank");
  await page.getByLabel("Steps to start with").fill("2");
  await page.getByLabel("Steps to start with").press("Enter");
  await expect(page).toHaveURL(/\/streams\/new\?start=scratch/);
  await expect(page.getByLabel("Stream name")).toHaveValue("Marketplace to bank");
  await expect(page.locator(".react-flow__node-streamStep")).toHaveCount(2);
  await expect(page.locator(".react-flow__node-streamInput")).toHaveCount(2);
  await expect(page.locator(".react-flow__node-streamInput", { hasText: "settlement" })).toBeVisible();
  await screenshot(page, "templates-08-wizard-editor");
});

test("an admin uploads a private pack; a refused archive lists its problems with their location", async () => {
  const page = ownerPage;
  await page.goto(`${baseUrl()}/templates`);
  await page.waitForLoadState("networkidle");
  const upload = page.getByRole("form", { name: "Upload a private pack" });
  await upload.getByLabel("Pack archive (.tgz)").setInputFiles({ name: "with-code.tgz", mimeType: "application/gzip", buffer: packArchive(path.resolve("tests/fixtures/packs/with-code")) });
  await upload.getByRole("button", { name: "Upload pack" }).click();
  const refused = page.getByRole("alert").filter({ hasText: "Request validation failed" });
  await expect(refused).toContainText("install.js");
  await screenshot(page, "templates-09-upload-refused");

  const manifest = JSON.parse(readFileSync(path.resolve("tests/fixtures/packs/private-invoices/reconstream-pack.json"), "utf8")) as { id: string; name: string; version: string };
  await page.getByRole("form", { name: "Upload a private pack" }).getByLabel("Pack archive (.tgz)").setInputFiles({
    name: `${manifest.id}-${manifest.version}.tgz`,
    mimeType: "application/gzip",
    buffer: packArchive(path.resolve("tests/fixtures/packs/private-invoices")),
  });
  await page.getByRole("form", { name: "Upload a private pack" }).getByRole("button", { name: "Upload pack" }).click();
  await expect(page.getByText(`Uploaded ${manifest.name} ${manifest.version}`)).toBeVisible();
  const card = page.getByTestId(`template-card-${manifest.id}`);
  await expect(card).toContainText("Private");
  await expectAccessible(page);
  await screenshot(page, "templates-10-uploaded");
  await card.getByRole("link", { name: manifest.name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: manifest.name })).toBeVisible();
  await expect(page.getByTestId("template-facts")).toContainText("Private to your organization");
});

test("a viewer sees the gallery and pack pages but cannot use or upload templates", async ({ browser }) => {
  const viewer = await joinAs(browser, ownerPage, "viewer", `vera-${stamp}@templates.test`);
  const detail = await api<TemplateDetail>("GET", `/api/v1/templates/${PACK}`);
  await viewer.goto(`${baseUrl()}/templates`);
  await expect(viewer.getByTestId(`template-card-${PACK}`)).toBeVisible();
  await expect(viewer.getByRole("link", { name: `Use ${detail.name}` })).toHaveCount(0);
  await expect(viewer.getByText("Upload a private pack")).toHaveCount(0);
  await viewer.goto(`${baseUrl()}/templates/${PACK}?use=1`);
  await expect(viewer.getByRole("heading", { level: 1, name: detail.name })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Use this template" })).toHaveCount(0);
  await expect(viewer.getByRole("dialog")).toHaveCount(0);
  await screenshot(viewer, "templates-11-viewer");
  expect((await viewer.goto(`${baseUrl()}/streams/new`))?.status()).toBe(403);
});

test("another organization's private template gives the 404 page", async ({ browser }) => {
  const other = createOrg(`Other Templates ${stamp}`, `otto-${stamp}@other.test`);
  const page = await freshPage(browser);
  await signIn(page, other.email, other.password);
  const privateId = (JSON.parse(readFileSync(path.resolve("tests/fixtures/packs/private-invoices/reconstream-pack.json"), "utf8")) as { id: string }).id;
  const response = await page.goto(`${baseUrl()}/templates/${privateId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await page.goto(`${baseUrl()}/templates`);
  await expect(page.getByTestId(`template-card-${PACK}`)).toBeVisible();
  await expect(page.getByTestId(`template-card-${privateId}`)).toHaveCount(0);
});
