import type { ApiClient } from "../../../support/web";
import { definition, type Fixtures } from "./fixtures";

/**
 * One call per documented operation (some twice: a success and a problem),
 * in an order where each finds what it needs: deletes and archives come after
 * the reads of the same resource. `created` carries ids between calls.
 */
export interface Call {
  name: string;
  status: number;
  send(api: Clients, fixtures: Fixtures, created: Record<string, string>): Promise<Response>;
  /** Keeps an id from the response body for later calls. */
  keep?: string;
}

export interface Clients {
  owner: ApiClient;
  anonymous: ApiClient;
  /** For bodies that are not JSON (multipart uploads): the raw request, then the same check. */
  raw(method: string, target: string, init: RequestInit): Promise<Response>;
}

export const platformAndTenancyCalls: Call[] = [
  { name: "health", status: 200, send: ({ anonymous }) => anonymous.get("/api/v1/health") },
  { name: "me", status: 200, send: ({ owner }) => owner.get("/api/v1/me") },
  { name: "me without credentials is a problem", status: 401, send: ({ anonymous }) => anonymous.get("/api/v1/me") },
  { name: "openapi", status: 200, send: ({ anonymous }) => anonymous.get("/api/v1/openapi.json") },
  { name: "get organization", status: 200, send: ({ owner }) => owner.get("/api/v1/organization") },
  { name: "rename organization", status: 200, send: ({ owner }) => owner.patch("/api/v1/organization", { name: "Contracts GmbH" }) },
  { name: "list api keys", status: 200, send: ({ owner }) => owner.get("/api/v1/api-keys") },
  { name: "create api key", status: 201, keep: "apiKeyId", send: ({ owner }) => owner.post("/api/v1/api-keys", { name: "ci", role: "viewer" }) },
  { name: "get api key", status: 200, send: ({ owner }, _f, created) => owner.get(`/api/v1/api-keys/${created.apiKeyId}`) },
  { name: "revoke api key", status: 200, send: ({ owner }, _f, created) => owner.delete(`/api/v1/api-keys/${created.apiKeyId}`) },
  { name: "list members", status: 200, send: ({ owner }) => owner.get("/api/v1/members") },
  { name: "get member", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/members/${f.memberId}`) },
  { name: "change member role", status: 200, send: ({ owner }, f) => owner.patch(`/api/v1/members/${f.memberId}`, { role: "operator" }) },
  { name: "remove member", status: 200, send: ({ owner }, f) => owner.delete(`/api/v1/members/${f.memberId}`) },
  { name: "invite", status: 201, keep: "invitationId", send: ({ owner }) => owner.post("/api/v1/invitations", { email: "third@example.test", role: "viewer" }) },
  { name: "list invitations (one pending)", status: 200, send: ({ owner }) => owner.get("/api/v1/invitations") },
  { name: "get invitation", status: 200, send: ({ owner }, _f, created) => owner.get(`/api/v1/invitations/${created.invitationId}`) },
  { name: "revoke invitation", status: 200, send: ({ owner }, _f, created) => owner.delete(`/api/v1/invitations/${created.invitationId}`) },
  { name: "list feature flags", status: 200, send: ({ owner }) => owner.get("/api/v1/feature-flags") },
  { name: "set a feature flag", status: 200, send: ({ owner }) => owner.put("/api/v1/feature-flags/templates", { enabled: true }) },
  { name: "list audit events", status: 200, send: ({ owner }) => owner.get("/api/v1/audit-events?limit=5") },
  { name: "get audit event", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/audit-events/${f.auditEventId}`) },
];

export const ruleSetAndFileCalls: Call[] = [
  { name: "list rule sets", status: 200, send: ({ owner }) => owner.get("/api/v1/rule-sets") },
  { name: "create rule set", status: 201, send: ({ owner }) => owner.post("/api/v1/rule-sets", { name: "Created", definition }) },
  { name: "get rule set", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/rule-sets/${f.ruleSetId}`) },
  { name: "unknown query parameter is a problem", status: 400, send: ({ owner }) => owner.get("/api/v1/rule-sets?name=Stripe") },
  { name: "unknown rule set is a problem", status: 404, send: ({ owner }) => owner.get("/api/v1/rule-sets/rs_nope") },
  { name: "update rule set", status: 200, send: ({ owner }, f) => owner.patch(`/api/v1/rule-sets/${f.ruleSetId}`, { name: "Orders (renamed)" }) },
  { name: "get rule set version", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/rule-sets/${f.ruleSetId}/versions/1`) },
  { name: "preview rule set", status: 200, send: ({ owner }, f) => owner.post(`/api/v1/rule-sets/${f.ruleSetId}/preview`, { sourceFileId: f.fileId, targetFileId: f.spareFileId }) },
  { name: "suggest mappings", status: 200, send: ({ owner }, f) => owner.post("/api/v1/mappings/suggest", { sourceFileId: f.fileId, targetFileId: f.spareFileId }) },
  { name: "archive rule set", status: 200, send: ({ owner }, f) => owner.post(`/api/v1/rule-sets/${f.spareRuleSetId}/archive`) },
  { name: "list files", status: 200, send: ({ owner }) => owner.get("/api/v1/files") },
  {
    name: "upload file",
    status: 201,
    keep: "fileId",
    send: ({ raw }) => {
      const form = new FormData();
      form.append("file", new Blob(["order_id,amount\nB-1,1.00\n"], { type: "text/csv" }), "more.csv");
      return raw("POST", "/api/v1/files", { body: form });
    },
  },
  { name: "get file", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/files/${f.fileId}`) },
  { name: "update file", status: 200, send: ({ owner }, f) => owner.patch(`/api/v1/files/${f.fileId}`, { tags: ["contracts"] }) },
  { name: "preview file", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/files/${f.fileId}/preview`) },
  { name: "download file", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/files/${f.fileId}/download`) },
  { name: "list column mappings", status: 200, send: ({ owner }) => owner.get("/api/v1/column-mappings") },
  { name: "create column mapping", status: 201, keep: "columnMappingId", send: ({ owner }) => owner.post("/api/v1/column-mappings", columnMapping) },
  {
    name: "invalid column mapping is a problem",
    status: 422,
    send: ({ owner }) => owner.post("/api/v1/column-mappings", { ...columnMapping, fields: { ...columnMapping.fields, posting_date: { column: "booked" } } }),
  },
  { name: "get column mapping", status: 200, send: ({ owner }, _f, created) => owner.get(`/api/v1/column-mappings/${created.columnMappingId}`) },
  { name: "update column mapping", status: 200, send: ({ owner }, _f, created) => owner.patch(`/api/v1/column-mappings/${created.columnMappingId}`, { name: "ERP ledger (v2)" }) },
  { name: "read a file through a column mapping", status: 200, send: ({ owner }, _f, created) => owner.patch(`/api/v1/files/${created.fileId}`, { format: { mapping: created.columnMappingId } }) },
  { name: "delete column mapping", status: 200, send: ({ owner }, _f, created) => owner.delete(`/api/v1/column-mappings/${created.columnMappingId}`) },
  { name: "delete file", status: 200, send: ({ owner }, _f, created) => owner.delete(`/api/v1/files/${created.fileId}`) },
  { name: "list data sources", status: 200, send: ({ owner }) => owner.get("/api/v1/data-sources") },
  {
    name: "create data source",
    status: 201,
    keep: "dataSourceId",
    // Port 1 on loopback: nothing answers, so the connection test reports a failure (still a 200 answer).
    send: ({ owner }) => owner.post("/api/v1/data-sources", { name: "Ledger", kind: "postgres", config: { host: "127.0.0.1", port: 1, database: "ledger", user: "reader", password: "secret" } }),
  },
  { name: "get data source", status: 200, send: ({ owner }, _f, created) => owner.get(`/api/v1/data-sources/${created.dataSourceId}`) },
  { name: "test data source", status: 200, send: ({ owner }, _f, created) => owner.post(`/api/v1/data-sources/${created.dataSourceId}/test`) },
  { name: "snapshot of an unreachable source is a problem", status: 422, send: ({ owner }, _f, created) => owner.post(`/api/v1/data-sources/${created.dataSourceId}/snapshots`, { query: "select 1" }) },
  { name: "delete data source", status: 200, send: ({ owner }, _f, created) => owner.delete(`/api/v1/data-sources/${created.dataSourceId}`) },
];

/** An ERP ledger export's layout. */
const columnMapping = {
  name: "ERP ledger",
  schema: "ledger_entry",
  signature: { columns: ["entry", "booked", "amount"] },
  fields: { entry_id: { column: "entry" }, posting_date: { column: "booked", format: "yyyy-MM-dd" }, amount: { column: "amount" }, currency: { fixed: "EUR" } },
};
