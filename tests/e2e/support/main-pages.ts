import { expect, type Page } from "@playwright/test";
import { baseUrl, signIn, type E2eOrg } from "./app";

/**
 * Every main page of an org filled with the demo (the e-commerce pack on its
 * samples, run by the real worker) plus one Quick Run, as [name, path] pairs:
 * what the accessibility and phone-layout specs walk.
 */
export type MainPage = [name: string, path: string];

const RUN_END_STATES = /^(succeeded|partially_succeeded|failed|cancelled)$/;

export async function loadDemo(page: Page, org: E2eOrg): Promise<void> {
  await signIn(page, org.email, org.password);
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByText("Demo data loaded")).toBeVisible({ timeout: 30_000 });
}

export async function mainPages(org: E2eOrg): Promise<MainPage[]> {
  const api = apiClient(org);
  const streams = await api.get<{ data: Array<{ id: string }> }>("/api/v1/streams");
  // The demo runs one stream. Its run must have ended, in whatever state, so the run page shows its final
  // steps and artifacts; exceptions are not awaited, as an environment may end the run without any.
  let streamId = streams.data[0]!.id;
  let runId = "";
  await expect
    .poll(
      async () => {
        for (const stream of streams.data) {
          const runs = await api.get<{ data: Array<{ id: string; state: string }> }>(`/api/v1/streams/${stream.id}/runs`);
          if (runs.data.length === 0) continue;
          streamId = stream.id;
          runId = runs.data[0]!.id;
          return runs.data[0]!.state;
        }
        return "none";
      },
      { timeout: 180_000, intervals: [1_000] },
    )
    .toMatch(RUN_END_STATES);
  const files = await api.get<{ data: Array<{ id: string; name: string }> }>("/api/v1/files?kind=upload&limit=50");
  const templates = await api.get<{ data: Array<{ id: string }> }>("/api/v1/templates");
  const quickRunId = await quickRun(api, files.data.find((file) => file.name === "shopify_orders.csv")?.id ?? files.data[0]!.id);

  return [
    ["dashboard", "/"],
    ["files", "/files"],
    ["file", `/files/${files.data[0]!.id}`],
    ["quick-run", "/quick-run"],
    ["quick-run-result", `/quick-run/${quickRunId}`],
    ["rule-sets", "/rule-sets"],
    ["streams", "/streams"],
    ["stream", `/streams/${streamId}`],
    ["stream-editor", `/streams/${streamId}/edit`],
    ["new-stream", "/streams/new"],
    ["runs", "/runs"],
    ["run", `/runs/${runId}`],
    ["exceptions", "/exceptions"],
    ["templates", "/templates"],
    ["template", `/templates/${templates.data[0]!.id}`],
    ["settings", "/settings"],
    ["members", "/settings/members"],
    ["api-keys", "/settings/api-keys"],
    ["audit", "/settings/audit"],
    ["sla", "/settings/sla"],
  ];
}

/**
 * A Quick Run of the demo's orders against themselves, totals against subtotals, through the classic API and
 * waited to its end: its result page has data, and every taxed or shipped order is an amount exception, so the
 * exceptions pages have rows whatever the demo's own run produced.
 */
async function quickRun(api: ReturnType<typeof apiClient>, fileId: string): Promise<string> {
  const side = (amountColumn: string) => ({
    mappings: [{ field: "id", column: "Id" }, { field: "amount", column: amountColumn, transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "Currency" }],
  });
  const definition = { source: side("Total"), target: side("Subtotal"), passes: [{ name: "order id and amount", keys: ["id"], amount: { toleranceMinor: 0 } }] };
  const ruleSet = await api.post<{ id: string }>("/api/v1/rule-sets", { name: "Order totals against subtotals", definition }, 201);
  const created = await api.post<{ id: string }>("/api/v1/reconciliations", { name: "Orders: totals against subtotals", sourceFileId: fileId, targetFileId: fileId, ruleSetId: ruleSet.id }, 201);
  await api.post(`/api/v1/reconciliations/${created.id}/start`, undefined, 202);
  await expect
    .poll(async () => (await api.get<{ status: string }>(`/api/v1/reconciliations/${created.id}`)).status, { timeout: 90_000, intervals: [1_000] })
    .toMatch(/^(completed|failed)$/);
  return created.id;
}

function apiClient(org: E2eOrg) {
  const call = async <T>(method: string, pathAndQuery: string, body: unknown, status: number): Promise<T> => {
    const response = await fetch(`${baseUrl()}${pathAndQuery}`, {
      method,
      headers: { Authorization: `Bearer ${org.apiKey}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status, `${method} ${pathAndQuery}: ${text.slice(0, 500)}`).toBe(status);
    return (text ? JSON.parse(text) : {}) as T;
  };
  return {
    get: <T>(pathAndQuery: string) => call<T>("GET", pathAndQuery, undefined, 200),
    post: <T = unknown>(pathAndQuery: string, body: unknown, status: number) => call<T>("POST", pathAndQuery, body, status),
  };
}
