import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { chargesVsPayouts, payoutsVsBank } from "../support/ecommerce-rule-sets";

/**
 * Acceptance 1 of the web UI issue, streams part: upload three generator
 * files in the browser, build a 3-step stream in the visual editor by mouse
 * (nodes added, edges dragged between React Flow handles), see validation
 * markers on the nodes and clear them, save with Ctrl+S (a second save shows
 * the diff), run from the keyboard, watch the live timeline reach
 * `succeeded`, open the lineage graph, and download an intermediate
 * artifact whose sha256 matches the checksum the page shows. Every page is
 * checked with axe, and another org's ids give the 404 page.
 */
const baseUrl = () => process.env.E2E_BASE_URL!;
const stamp = Date.now().toString(36);
const owner = { org: `Streams Co ${stamp}`, email: `sam-${stamp}@streams.test`, password: "streams passphrase" };
const outsider = { org: `Other Co ${stamp}`, email: `olga-${stamp}@other.test`, password: "outsider passphrase" };
const FILES = ["stripe_balance.csv", "stripe_payouts.csv", "bank_statement.csv"];

test.describe.configure({ mode: "serial" });
// Wide enough for the editor to show its canvas and side panel side by side.
test.use({ viewport: { width: 1600, height: 1000 } });

let ownerKey: string;
let streamUrl: string;
let runUrl: string;

async function runCli(args: string[]): Promise<Record<string, string>> {
  const { execFileSync } = await import("node:child_process");
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: process.env.E2E_DATA_DIR, LOG_LEVEL: "silent" };
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
  else delete env.DATABASE_URL;
  return JSON.parse(execFileSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], { env }).toString());
}

async function api(request: APIRequestContext, method: "GET" | "POST" | "PUT", url: string, body?: unknown) {
  const response = await request.fetch(`${baseUrl()}${url}`, { method, headers: { Authorization: `Bearer ${ownerKey}` }, data: body });
  expect(response.status(), `${method} ${url}: ${await response.text()}`).toBeLessThan(300);
  return response.json();
}

/** React Flow positions everything with style attributes; the CSP allows those but no inline <style> elements or scripts. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

async function signIn(page: Page, user: { email: string; password: string }) {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${baseUrl()}/`);
}

async function expectNoSeriousA11yViolations(page: Page, name: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(serious.map((violation) => `${name}: ${violation.id} ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`)).toEqual([]);
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/streams-${name}.png`, fullPage: true });
}

/** A real pointer drag between two React Flow handles, in small moves as a hand would make. */
async function dragConnect(page: Page, from: Locator, to: Locator) {
  await from.scrollIntoViewIfNeeded();
  const start = (await from.boundingBox())!;
  const end = (await to.boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 20, start.y + start.height / 2 + 5, { steps: 3 });
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
  await page.mouse.up();
}

const stepNode = (page: Page, key: string) => page.getByTestId(`node-${key}`);
const stepHandle = (page: Page, key: string, handle: string) => stepNode(page, key).locator(`.react-flow__handle[data-handleid="${handle}"]`);
const inputHandle = (page: Page, parameter: string) =>
  page.locator(".react-flow__node-streamInput", { has: page.getByText(parameter, { exact: true }) }).locator('.react-flow__handle[data-handleid="out"]');

test.beforeAll(async ({ request }) => {
  const created = await runCli(["org:create", "--name", owner.org, "--admin-email", owner.email, "--password", owner.password]);
  ownerKey = (await runCli(["apikey:create", "--org", created.orgId!, "--role", "owner", "--name", "e2e setup"])).apiKey!;
  await api(request, "PUT", "/api/v1/feature-flags/streams", { enabled: true });
  // Rule sets are another page's business; the stream under test uses these three.
  await api(request, "POST", "/api/v1/rule-sets", { name: "Charges vs payouts", definition: chargesVsPayouts });
  await api(request, "POST", "/api/v1/rule-sets", { name: "Payouts vs bank, by reference", definition: { ...payoutsVsBank, passes: [payoutsVsBank.passes[0]] } });
  await api(request, "POST", "/api/v1/rule-sets", { name: "Payouts vs bank, by amount", definition: { ...payoutsVsBank, passes: [payoutsVsBank.passes[1]] } });
});

test("upload three generator files with a progress bar, then build a 3-step stream by mouse in the visual editor and save it by keyboard", async ({ page, request }) => {
  test.setTimeout(180_000);
  const cspViolations = watchCsp(page);
  await signIn(page, owner);

  await page.goto(`${baseUrl()}/files`);
  // The file input's handler exists once React has hydrated the page.
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Choose files to upload").setInputFiles(
    FILES.map((name) => ({ name: `${name}.gz`, mimeType: "application/gzip", buffer: readFileSync(path.resolve("tests/fixtures/ecommerce-2000/seed-1", `${name}.gz`)) })),
  );
  for (const name of FILES) await expect(page.getByRole("progressbar", { name: `Upload of ${name}.gz` })).toBeVisible();
  await expect(page.getByText(/Uploaded .*; profiling in the background/)).toHaveCount(FILES.length, { timeout: 30_000 });
  await shot(page, "01-uploads");
  // The run dialog offers ready files only: wait until the worker has profiled all three.
  await expect
    .poll(async () => ((await api(request, "GET", "/api/v1/files?status=ready")) as { data: unknown[] }).data.length, { timeout: 60_000 })
    .toBe(FILES.length);

  await page.goto(`${baseUrl()}/streams`);
  await expectNoSeriousA11yViolations(page, "streams list (empty)");
  await page.getByRole("link", { name: "New stream" }).click();
  await expect(page.getByRole("heading", { name: "New stream" })).toBeVisible();
  await page.getByLabel("Stream name").fill("Payouts to bank");
  // The new-stream wizard: from scratch, with no steps yet; the editor opens with the name.
  await page.getByLabel("Steps to start with").fill("0");
  await page.getByRole("button", { name: "Open the editor" }).click();
  await expect(page.getByLabel("Stream name")).toHaveValue("Payouts to bank");

  // Three file parameters, named in the side panel.
  for (const parameter of ["balance", "payouts", "bank"]) {
    await page.getByRole("button", { name: "Add input" }).click();
    await page.getByLabel("Parameter name").fill(parameter);
  }
  // Three steps, each named and given a rule set.
  const steps = [
    { key: "charges_payouts", name: "Charges vs payouts", ruleSet: "Charges vs payouts" },
    { key: "payouts_bank", name: "Payouts vs bank", ruleSet: "Payouts vs bank, by reference" },
    { key: "leftovers", name: "Leftovers by amount", ruleSet: "Payouts vs bank, by amount" },
  ];
  for (const step of steps) {
    await page.getByRole("button", { name: "Add step" }).click();
    await page.getByLabel("Key").fill(step.key);
    await page.getByLabel("Name", { exact: true }).fill(step.name);
    if (step.key !== "leftovers") await page.getByLabel("Rule set", { exact: true }).selectOption({ label: step.ruleSet });
  }

  // Nothing is wired yet: every step shows a red marker with what is missing, on the node.
  await expect(stepNode(page, "charges_payouts").getByTestId("node-problems")).toContainText("Connect the source input");
  await expect(stepNode(page, "leftovers").getByTestId("node-problems")).toContainText("Choose a rule set");
  await expect(stepNode(page, "leftovers")).toHaveAttribute("data-invalid", "true");
  await shot(page, "02-editor-markers");
  // Ctrl+S with problems saves nothing and says why.
  await page.keyboard.press("Control+s");
  await expect(page.getByText(/Fix the \d+ problems marked on the graph first/)).toBeVisible();

  // Wire it by mouse: parameters into the first two steps, the second step's leftovers into the third.
  await page.getByRole("button", { name: "Fit View" }).click();
  await dragConnect(page, inputHandle(page, "balance"), stepHandle(page, "charges_payouts", "source"));
  await dragConnect(page, inputHandle(page, "payouts"), stepHandle(page, "charges_payouts", "target"));
  await dragConnect(page, inputHandle(page, "payouts"), stepHandle(page, "payouts_bank", "source"));
  await dragConnect(page, inputHandle(page, "bank"), stepHandle(page, "payouts_bank", "target"));
  await dragConnect(page, stepHandle(page, "payouts_bank", "unmatched_source"), stepHandle(page, "leftovers", "source"));
  await dragConnect(page, stepHandle(page, "payouts_bank", "unmatched_target"), stepHandle(page, "leftovers", "target"));
  await expect(page.locator(".react-flow__edge")).toHaveCount(6);
  await expect(page.locator(".react-flow__edge-text", { hasText: "unmatched source" })).toHaveCount(1);
  await expect(page.locator(".react-flow__edge-text", { hasText: "unmatched target" })).toHaveCount(1);
  await expect(stepNode(page, "charges_payouts").getByTestId("node-problems")).toHaveCount(0);

  // The last marker names the missing rule set, on the node and on the field: fix it there.
  await expect(stepNode(page, "leftovers").getByTestId("node-problems")).toContainText("Choose a rule set");
  await stepNode(page, "leftovers").click();
  const ruleSetField = page.getByLabel("Rule set", { exact: true });
  await expect(ruleSetField).toHaveAttribute("aria-invalid", "true");
  await ruleSetField.selectOption({ label: "Payouts vs bank, by amount" });
  await expect(page.getByTestId("node-problems")).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "No problems found" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "stream editor");
  await shot(page, "03-editor-wired");

  // Undo takes the fix back (the marker returns), redo restores it.
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+z");
  await expect(stepNode(page, "leftovers").getByTestId("node-problems")).toContainText("Choose a rule set");
  await page.keyboard.press("Control+Shift+z");
  await expect(page.getByTestId("node-problems")).toHaveCount(0);
  // Delete removes the selected node with its edges; undo brings both back.
  await stepNode(page, "leftovers").click();
  await page.keyboard.press("Delete");
  await expect(stepNode(page, "leftovers")).toHaveCount(0);
  await expect(page.locator(".react-flow__edge")).toHaveCount(4);
  await page.keyboard.press("Control+z");
  await expect(stepNode(page, "leftovers")).toBeVisible();
  await expect(page.locator(".react-flow__edge")).toHaveCount(6);

  await page.keyboard.press("Control+s");
  await expect(page).toHaveURL(/\/streams\/[^/]+\/edit\?saved=1$/);
  await expect(page.getByText("Saved as version 1; ready to run")).toBeVisible();
  streamUrl = page.url().replace(/\/edit\?saved=1$/, "");
  await expect(page.locator(".react-flow__edge")).toHaveCount(6);

  // A second save is a new version, with what changed listed against the first.
  await page.getByLabel("Also write matched rows as an artifact").check();
  await page.keyboard.press("Control+s");
  await expect(page).toHaveURL(/\/edit\?saved=2$/);
  await expect(page.getByTestId("version-diff")).toContainText("Setting matchedArtifact: false → true");
  await shot(page, "04-saved-diff");
  expect(cspViolations).toEqual([]);
});

test("run the stream from the keyboard, watch the live timeline reach succeeded, inspect lineage, verify an intermediate artifact's sha256, then open one of its exceptions and resolve it", async ({ page, request }) => {
  test.setTimeout(180_000);
  const ready = (await api(request, "GET", "/api/v1/files?status=ready")) as { data: Array<{ id: string; name: string }> };
  const fileId = (name: string) => ready.data.find((file) => file.name === name)!.id;
  const cspViolations = watchCsp(page);
  await signIn(page, owner);
  await page.goto(streamUrl);
  await expect(page.getByTestId("stream-graph").locator(".react-flow__node")).toHaveCount(6);
  await expectNoSeriousA11yViolations(page, "stream page");

  await page.getByRole("button", { name: "Run", exact: true }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Run Payouts to bank" });
  await expect(dialog).toBeVisible();
  for (const [parameter, file] of [["balance", "stripe_balance.csv.gz"], ["payouts", "stripe_payouts.csv.gz"], ["bank", "bank_statement.csv.gz"]] as const) {
    const picker = dialog.getByLabel(`File for “${parameter}”`);
    await picker.focus();
    await picker.selectOption(fileId(file));
  }
  await shot(page, "05-run-dialog");
  await dialog.getByRole("button", { name: "Start run" }).focus();
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  runUrl = page.url();
  await expect(page.getByTestId("run-timeline").locator("li")).toHaveCount(3);
  await expect(page.getByTestId("run-state")).toHaveAttribute("data-state", "succeeded", { timeout: 120_000 });
  for (const key of ["charges_payouts", "payouts_bank", "leftovers"]) await expect(page.getByTestId(`timeline-step-${key}`)).toHaveAttribute("data-state", "succeeded");
  await shot(page, "06-run-succeeded");

  // payouts_bank's unmatched source rows are what the third step read: an intermediate artifact.
  const row = page.getByTestId("artifact-payouts_bank-UNMATCHED_SOURCE");
  await expect(row).toBeVisible();
  const shown = (await row.getByTestId("artifact-checksum").textContent())!.trim();
  expect(shown).toMatch(/^[0-9a-f]{64}$/);
  const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: /Download/ }).click()]);
  const bytes = readFileSync((await download.path())!);
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(shown);

  // The lineage graph: files → step runs → artifacts; a click shows the node's details.
  const lineage = page.getByTestId("lineage-graph");
  await lineage.scrollIntoViewIfNeeded();
  await expect(lineage.locator(".react-flow__node").first()).toBeVisible();
  await expect(lineage.locator(".react-flow__edge").first()).toBeAttached();
  await lineage.locator(".react-flow__node", { hasText: "payouts_bank" }).filter({ hasText: "succeeded" }).click();
  await expect(page.getByTestId("lineage-details")).toContainText("Step run");
  await expect(page.getByTestId("lineage-details")).toContainText("succeeded");
  await expectNoSeriousA11yViolations(page, "run page");
  await shot(page, "07-lineage");

  // From the run to its exceptions: open one and resolve it with a resolution code.
  await page.getByRole("link", { name: /^Open the \d+ exceptions of this run$/ }).click();
  await expect(page).toHaveURL(/\/exceptions\?streamRunId=/);
  const runId = runUrl.split("/").pop()!;
  const runExceptions = (await api(request, "GET", `/api/v1/exceptions?streamRunId=${runId}&status=open,in_review&limit=200`)) as { data: Array<{ id: string; type: string }> };
  expect(runExceptions.data.length).toBeGreaterThan(0);
  const grid = page.getByRole("grid", { name: "Exceptions" });
  const first = grid.getByRole("row").nth(1);
  await first.getByRole("gridcell").nth(4).click();
  const drawer = page.getByRole("dialog");
  // The drawer titles itself "Exception" while it loads, then "TYPE · id".
  const title = drawer.getByRole("heading", { level: 2 }).first();
  await expect(title).toHaveText(/ · exc_/);
  const heading = (await title.textContent())!;
  const exceptionId = heading.split(" · ").pop()!.trim();
  expect(runExceptions.data.map((exception) => exception.id)).toContain(exceptionId);
  await drawer.getByLabel("New status").selectOption("resolved");
  await drawer.getByLabel(/^Resolution code/).selectOption("timing_difference");
  await drawer.getByLabel(/^Resolution note/).fill("settles with the next payout");
  await drawer.getByRole("button", { name: "Resolve", exact: true }).click();
  await expect(drawer.getByRole("list", { name: "History of the case" })).toContainText("status open → resolved");
  await shot(page, "08-exception-resolved");
  const resolved = (await api(request, "GET", `/api/v1/exceptions/${exceptionId}`)) as { status: string; resolution: { code: string } | null };
  expect(resolved).toMatchObject({ status: "resolved", resolution: { code: "timing_difference" } });

  await page.goto(`${baseUrl()}/runs`);
  await expect(page.getByRole("link", { name: "Payouts to bank" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "runs list");
  await page.goto(`${baseUrl()}/streams`);
  await expect(page.getByRole("row", { name: /Payouts to bank/ })).toContainText("succeeded");
  await expectNoSeriousA11yViolations(page, "streams list");
  expect(cspViolations).toEqual([]);
});

test("an admin adds a schedule (next 5 fire times in its time zone) and a webhook (secret shown once), reruns the run and compares the two", async ({ page, request }) => {
  test.setTimeout(120_000);
  const ready = (await api(request, "GET", "/api/v1/files?status=ready")) as { data: Array<{ id: string; name: string }> };
  const fileId = (name: string) => ready.data.find((file) => file.name === name)!.id;
  await signIn(page, owner);
  await page.goto(streamUrl);
  await page.waitForLoadState("networkidle");

  const form = page.getByRole("form", { name: "Add a trigger" });
  await form.getByLabel("Trigger name").fill("Weekday mornings");
  await form.getByLabel("Cron expression").fill("30 6 * * 1-5");
  await form.getByRole("combobox", { name: "Time zone" }).fill("Europe/Berlin");
  await expect(form.getByTestId("schedule-preview").locator("li")).toHaveCount(5);
  // In the app's one date-time format, in the schedule's zone, named.
  await expect(form.getByTestId("schedule-preview").locator("li").first()).toContainText(/06:30 (GMT\+[12]|CES?T)/);
  await form.getByText("Fixed run parameters for every run it starts").click();
  await form.getByLabel("File for “balance”").selectOption(fileId("stripe_balance.csv.gz"));
  await form.getByLabel("File for “payouts”").selectOption(fileId("stripe_payouts.csv.gz"));
  await form.getByLabel("File for “bank”").selectOption(fileId("bank_statement.csv.gz"));
  await form.getByRole("button", { name: "Add trigger" }).click();
  const schedule = page.getByRole("listitem").filter({ hasText: "Weekday mornings" });
  await expect(schedule).toContainText("cron “30 6 * * 1-5” in Europe/Berlin");
  await expect(schedule.locator("ol li")).toHaveCount(5);

  await form.getByLabel("Kind").selectOption("webhook");
  await form.getByLabel("Trigger name").fill("ERP export done");
  await form.getByRole("button", { name: "Add trigger" }).click();
  const secret = await page.getByRole("textbox", { name: "Signing secret" }).inputValue();
  expect(secret.length).toBeGreaterThan(20);
  await shot(page, "09-triggers");
  await page.reload();
  await expect(page.getByRole("listitem").filter({ hasText: "ERP export done" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Signing secret" })).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  await page.goto(`${baseUrl()}/streams`);
  await expect(page.getByRole("row", { name: /Payouts to bank/ })).not.toContainText("No schedule");

  // Rerun, confirmed in a dialog, then compare the two runs' counts side by side.
  await page.goto(runUrl);
  await page.getByRole("button", { name: "Rerun" }).click();
  await page.getByRole("dialog", { name: "Run this again?" }).getByRole("button", { name: "Start rerun" }).click();
  await expect(page).not.toHaveURL(runUrl);
  await expect(page.getByTestId("run-state")).toHaveAttribute("data-state", "succeeded", { timeout: 90_000 });
  await page.goto(streamUrl);
  const boxes = page.getByRole("checkbox", { name: /Compare run/ });
  await expect(boxes).toHaveCount(2);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.getByRole("button", { name: "Compare selected runs" }).click();
  const comparison = page.getByTestId("run-comparison");
  await expect(comparison.getByRole("row", { name: /^Matches/ })).toContainText("125");
  await expect(comparison.getByRole("row", { name: /^Exceptions\s/ })).toBeVisible();
  await shot(page, "10-compare");
  await expectNoSeriousA11yViolations(page, "stream page with triggers and comparison");
});

test("a viewer sees the stream, its runs and lineage but no edit, run, trigger, cancel or rerun controls", async ({ browser, request }) => {
  const viewer = { name: "Vic Viewer", email: `vic-${stamp}@streams.test`, password: "viewer passphrase" };
  const invitation = (await api(request, "POST", "/api/v1/invitations", { email: viewer.email, role: "viewer" })) as { acceptUrl: string };
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
  await page.goto(new URL(invitation.acceptUrl, baseUrl()).toString());
  await page.getByLabel("Your name").fill(viewer.name);
  await page.getByLabel("Password").fill(viewer.password);
  await page.getByRole("button", { name: `Join ${owner.org}` }).click();
  await expect(page).toHaveURL(`${baseUrl()}/`);

  await page.goto(`${baseUrl()}/streams`);
  await expect(page.getByRole("link", { name: "Payouts to bank" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New stream" })).toHaveCount(0);

  await page.goto(streamUrl);
  await expect(page.getByTestId("stream-graph").locator(".react-flow__node")).toHaveCount(6);
  await expect(page.getByRole("heading", { name: "Triggers" })).toBeVisible();
  for (const name of ["Edit", "Run", "Add trigger"]) await expect(page.getByRole("button", { name, exact: true }).or(page.getByRole("link", { name, exact: true }))).toHaveCount(0);

  await page.goto(runUrl);
  await expect(page.getByTestId("run-state")).toHaveAttribute("data-state", "succeeded");
  await expect(page.getByTestId("lineage-graph").locator(".react-flow__node").first()).toBeVisible();
  for (const name of [/Rerun/, /Cancel run/, /Retry step/]) await expect(page.getByRole("button", { name })).toHaveCount(0);
  await shot(page, "08-viewer-run");

  expect((await page.goto(`${baseUrl()}/streams/new`))?.status()).toBe(403);
  expect((await page.goto(`${streamUrl}/edit`))?.status()).toBe(403);
});

test("another organization's stream and run ids give the 404 page", async ({ browser }) => {
  const other = await runCli(["org:create", "--name", outsider.org, "--admin-email", outsider.email, "--password", outsider.password]);
  // With streams on in the other org too, the 404 comes from tenancy, not from the feature flag.
  const otherKey = (await runCli(["apikey:create", "--org", other.orgId!, "--role", "owner", "--name", "e2e"])).apiKey!;
  const flag = await fetch(`${baseUrl()}/api/v1/feature-flags/streams`, { method: "PUT", headers: { Authorization: `Bearer ${otherKey}`, "Content-Type": "application/json" }, body: JSON.stringify({ enabled: true }) });
  expect(flag.status).toBe(200);
  const page = await (await browser.newContext()).newPage();
  await signIn(page, outsider);
  for (const url of [streamUrl, `${streamUrl}/edit`, runUrl]) {
    const response = await page.goto(url);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
});
