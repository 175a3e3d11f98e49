import { beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * Saved column mappings over /api/v1/column-mappings: created, listed,
 * changed in place with a new version, deleted; validated as core reads them
 * (422 with JSON pointers); another org's mapping is a 404; every write is
 * audited.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let org: TestOrg;
let otherOrg: TestOrg;
let admin: ApiClient;
let viewer: ApiClient;
let otherAdmin: ApiClient;

beforeAll(async () => {
  const { baseUrl } = await startWebApp();
  org = await createTestOrg("Mappings GmbH");
  otherOrg = await createTestOrg("Elsewhere GmbH");
  admin = apiClient(baseUrl, org.keys.admin);
  viewer = apiClient(baseUrl, org.keys.viewer);
  otherAdmin = apiClient(baseUrl, otherOrg.keys.admin);
});

/** A German bank's CSV export: semicolons, dd.MM.yyyy, decimal commas, one signed amount column. */
function sparkasseMapping(): Json {
  return {
    name: "Sparkasse CSV",
    schema: "bank_statement_line",
    signature: { columns: ["Buchungstag", "Valutadatum", "Verwendungszweck", "Betrag"] },
    fields: {
      booking_date: { column: "Buchungstag", format: "dd.MM.yyyy" },
      value_date: { column: "Valutadatum", format: "dd.MM.yyyy" },
      amount: { column: "Betrag", decimalSeparator: ",", thousandsSeparator: "." },
      currency: { fixed: "EUR" },
      remittance: { column: "Verwendungszweck" },
    },
  };
}

async function created(body: Json = sparkasseMapping()): Promise<Json> {
  const response = await admin.post("/api/v1/column-mappings", body);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Json;
}

describe("column mappings", () => {
  it("are created, read back and listed with the rules as given, at version 1", async () => {
    const mapping = await created();
    expect(mapping).toMatchObject({ object: "column_mapping", name: "Sparkasse CSV", schema: "bank_statement_line", version: 1, template: null, fields: sparkasseMapping().fields });
    expect(mapping.id).toMatch(/^cmap_/);

    const fetched = (await (await viewer.get(`/api/v1/column-mappings/${mapping.id}`)).json()) as Json;
    expect(fetched).toEqual(mapping);
    const list = (await (await viewer.get("/api/v1/column-mappings?schema=bank_statement_line")).json()) as Json;
    expect(list.data.map((item: Json) => item.id)).toContain(mapping.id);
    const ledgerList = (await (await viewer.get("/api/v1/column-mappings?schema=ledger_entry")).json()) as Json;
    expect(ledgerList.data.map((item: Json) => item.id)).not.toContain(mapping.id);
  });

  it("change in place: the fields given replace the stored ones and the version goes up", async () => {
    const mapping = await created();
    const fields = { ...sparkasseMapping().fields, reference: { column: "Verwendungszweck", pattern: "EREF\\+(\\S+)" } };
    const response = await admin.patch(`/api/v1/column-mappings/${mapping.id}`, { name: "Sparkasse CSV (EREF)", fields });
    expect(response.status).toBe(200);
    const updated = (await response.json()) as Json;
    expect({ name: updated.name, version: updated.version, fields: updated.fields, signature: updated.signature }).toEqual({
      name: "Sparkasse CSV (EREF)",
      version: 2,
      fields,
      signature: mapping.signature,
    });
  });

  it("are refused with a JSON pointer for each problem core finds", async () => {
    const body = sparkasseMapping();
    body.fields = { ...body.fields, booking_date: { column: "Buchungstag" }, iban: { column: "IBAN" } };
    const response = await admin.post("/api/v1/column-mappings", body);
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.errors).toEqual([
      { pointer: "/fields/booking_date", message: 'a date read from a column needs its format, e.g. "dd.MM.yyyy"' },
      { pointer: "/fields/iban", message: expect.stringContaining('bank_statement_line has no field "iban"') },
    ]);

    const shape = await admin.post("/api/v1/column-mappings", { ...sparkasseMapping(), fields: { amount: { column: "Betrag", decimalSeparator: ";" } } });
    expect(shape.status).toBe(422);
    expect(((await problemOf(shape)).errors as Json[]).map((error) => error.pointer)).toEqual(["/fields/amount/decimalSeparator"]);
  });

  it("an update is validated as a whole mapping", async () => {
    const mapping = await created();
    const response = await admin.patch(`/api/v1/column-mappings/${mapping.id}`, { schema: "ledger_entry" });
    expect(response.status).toBe(422);
    const pointers = ((await problemOf(response)).errors as Json[]).map((error) => error.pointer);
    expect(pointers).toContain("/fields/booking_date");
    const unchanged = (await (await admin.get(`/api/v1/column-mappings/${mapping.id}`)).json()) as Json;
    expect(unchanged.version).toBe(1);
  });

  it("another org's mapping is a 404 for every operation, and it is not listed", async () => {
    const mapping = await created();
    for (const response of [
      await otherAdmin.get(`/api/v1/column-mappings/${mapping.id}`),
      await otherAdmin.patch(`/api/v1/column-mappings/${mapping.id}`, { name: "Mine now" }),
      await otherAdmin.delete(`/api/v1/column-mappings/${mapping.id}`),
    ]) {
      expect(response.status).toBe(404);
    }
    const list = (await (await otherAdmin.get("/api/v1/column-mappings")).json()) as Json;
    expect(list.data.map((item: Json) => item.id)).not.toContain(mapping.id);
    expect(((await (await admin.get(`/api/v1/column-mappings/${mapping.id}`)).json()) as Json).name).toBe("Sparkasse CSV");
  });

  it("a viewer reads them but cannot write them", async () => {
    const mapping = await created();
    expect((await viewer.post("/api/v1/column-mappings", sparkasseMapping())).status).toBe(403);
    expect((await viewer.patch(`/api/v1/column-mappings/${mapping.id}`, { name: "x" })).status).toBe(403);
    expect((await viewer.delete(`/api/v1/column-mappings/${mapping.id}`)).status).toBe(403);
  });

  it("deleted, they are gone; every write is an audit event with the rules before and after", async () => {
    const mapping = await created();
    await admin.patch(`/api/v1/column-mappings/${mapping.id}`, { name: "Renamed" });
    const deleted = await admin.delete(`/api/v1/column-mappings/${mapping.id}`);
    expect(deleted.status).toBe(200);
    expect((await admin.get(`/api/v1/column-mappings/${mapping.id}`)).status).toBe(404);

    const { events } = await listAuditEvents(org.ownerCtx, { limit: 10, resourceType: "column_mapping", resourceId: mapping.id });
    const trail = [...events].reverse().map((event) => ({ action: event.action, actor: [event.actorType, event.actorId], changes: event.changes }));
    const rules = { schema: "bank_statement_line", signature: mapping.signature, fields: mapping.fields };
    expect(trail).toEqual([
      { action: "column_mapping.created", actor: ["api_key", org.keyIds.admin], changes: { after: { name: "Sparkasse CSV", version: 1, ...rules } } },
      {
        action: "column_mapping.updated",
        actor: ["api_key", org.keyIds.admin],
        changes: { before: { name: "Sparkasse CSV", version: 1, ...rules }, after: { name: "Renamed", version: 2, ...rules } },
      },
      { action: "column_mapping.deleted", actor: ["api_key", org.keyIds.admin], changes: { before: { name: "Renamed", version: 2, ...rules } } },
    ]);
  });
});
