import { expect, test, type Page } from "@playwright/test";
import { baseUrl, createOrg, expectAccessible, freshPage, screenshot, signIn, type E2eOrg } from "./support/app";

/**
 * Every main page, filled with real data (the demo: the e-commerce pack on
 * its samples, run by the real worker), checked with axe for serious and
 * critical violations, plus the keyboard basics every page shares: the skip
 * link lands on the main content and the navigation is reachable by Tab.
 */
let org: E2eOrg;
let page: Page;

test.describe.configure({ mode: "serial" });

async function api<T>(pathAndQuery: string): Promise<T> {
  const response = await fetch(`${baseUrl()}${pathAndQuery}`, { headers: { Authorization: `Bearer ${org.apiKey}` } });
  expect(response.status, pathAndQuery).toBe(200);
  return (await response.json()) as T;
}

test.beforeAll(async ({ browser }) => {
  org = createOrg("Accessible Co", "owner@accessible.test");
  page = await freshPage(browser);
  await signIn(page, org.email, org.password);
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible({ timeout: 30_000 });
});

test("every main page has no serious or critical axe violations", async () => {
  test.setTimeout(240_000);
  const streams = await api<{ data: Array<{ id: string; name: string }> }>("/api/v1/streams");
  // The demo makes the pack's streams and runs one of them; the run must have ended so its page, exceptions and artifacts are all there.
  let streamId = "";
  let runs: { data: Array<{ id: string; state: string }> } = { data: [] };
  await expect
    .poll(
      async () => {
        for (const stream of streams.data) {
          runs = await api(`/api/v1/streams/${stream.id}/runs`);
          streamId = stream.id;
          if (runs.data.length > 0) return runs.data[0]!.state;
        }
        return "none";
      },
      { timeout: 150_000, intervals: [1_000] },
    )
    .toMatch(/^(succeeded|partially_succeeded|failed)$/);
  const runId = runs.data[0]!.id;
  const files = await api<{ data: Array<{ id: string }> }>("/api/v1/files?kind=upload&limit=1");
  const templates = await api<{ data: Array<{ id: string }> }>("/api/v1/templates");

  const pages: Array<[string, string]> = [
    ["dashboard", "/"],
    ["files", "/files"],
    ["file", `/files/${files.data[0]!.id}`],
    ["quick-run", "/quick-run"],
    ["streams", "/streams"],
    ["stream", `/streams/${streamId}`],
    ["stream-editor", `/streams/${streamId}/edit`],
    ["new-stream", "/streams/new"],
    ["runs", "/runs"],
    ["run", `/runs/${runId}`],
    ["exceptions", "/exceptions"],
    ["templates", "/templates"],
    ["template", `/templates/${templates.data[0]!.id}`],
    ["rule-sets", "/rule-sets"],
    ["settings", "/settings"],
    ["members", "/settings/members"],
    ["api-keys", "/settings/api-keys"],
    ["audit", "/settings/audit"],
    ["sla", "/settings/sla"],
  ];
  for (const [name, path] of pages) {
    await test.step(name, async () => {
      await page.goto(`${baseUrl()}${path}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.mouse.move(0, 0);
      await expectAccessible(page);
      await screenshot(page, `a11y-${name}`);
    });
  }
});

test("the keyboard reaches the main content and the navigation from the top of any page", async () => {
  await page.goto(`${baseUrl()}/exceptions`);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: /skip to (main )?content/i });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeInViewport();
  // From the skip link onwards, Tab walks the navigation in order: Streams is reachable without a mouse.
  await page.goto(`${baseUrl()}/exceptions`);
  let reached = false;
  for (let press = 0; press < 40 && !reached; press++) {
    await page.keyboard.press("Tab");
    reached = await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Streams", exact: true }).evaluate((link) => link === document.activeElement);
  }
  expect(reached).toBe(true);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${baseUrl()}/streams`);
});
