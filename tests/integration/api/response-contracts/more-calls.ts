import type { Call } from "./calls";

/** Streams, runs, triggers, templates, exceptions and classic reconciliations; see calls.ts. */
export const streamCalls: Call[] = [
  { name: "list streams", status: 200, send: ({ owner }) => owner.get("/api/v1/streams") },
  {
    name: "create stream",
    status: 201,
    send: ({ owner }, f) =>
      owner.post("/api/v1/streams", {
        name: "Created",
        definition: { steps: [{ key: "only", name: "Only", ruleSetId: f.ruleSetId, inputs: { source: { kind: "FILE", fileId: f.fileId }, target: { kind: "FILE", fileId: f.fileId } } }] },
      }),
  },
  { name: "get stream", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/streams/${f.streamId}`) },
  { name: "update stream", status: 200, send: ({ owner }, f) => owner.patch(`/api/v1/streams/${f.streamId}`, { name: "Orders (renamed)" }) },
  { name: "list stream versions", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/streams/${f.streamId}/versions`) },
  { name: "validate stream", status: 200, send: ({ owner }, f) => owner.post(`/api/v1/streams/${f.streamId}/validate`) },
  { name: "start a run", status: 202, keep: "runId", send: ({ owner }, f) => owner.post(`/api/v1/streams/${f.streamId}/runs`, {}) },
  { name: "list runs", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/streams/${f.streamId}/runs`) },
  { name: "get run", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/stream-runs/${f.finishedRun.runId}`) },
  { name: "list step runs", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/stream-runs/${f.finishedRun.runId}/steps`) },
  { name: "run lineage", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/stream-runs/${f.finishedRun.runId}/lineage`) },
  { name: "run events", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/stream-runs/${f.finishedRun.runId}/events`) },
  { name: "cancel run", status: 202, send: ({ owner }, _f, created) => owner.post(`/api/v1/stream-runs/${created.runId}/cancel`) },
  { name: "rerun", status: 202, send: ({ owner }, f) => owner.post(`/api/v1/stream-runs/${f.finishedRun.runId}/rerun`, {}) },
  { name: "list dead letters", status: 200, send: ({ owner }) => owner.get("/api/v1/dead-letters") },
  { name: "a cursor from elsewhere is a problem", status: 400, send: ({ owner }) => owner.get("/api/v1/dead-letters?cursor=bm90LWEtY3Vyc29y") },
  { name: "retry a dead-lettered step", status: 202, send: ({ owner }, f) => owner.post(`/api/v1/step-runs/${f.deadLetterRun.stepRuns[0]!.id}/retry`) },
  { name: "list step artifacts", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/step-runs/${f.finishedRun.stepRuns[0]!.id}/artifacts`) },
  { name: "get artifact", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/artifacts/${f.finishedRun.stepRuns[0]!.artifacts[0]!.id}`) },
  { name: "download artifact", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/artifacts/${f.finishedRun.stepRuns[0]!.artifacts[0]!.id}/download`) },
  { name: "list triggers", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/streams/${f.streamId}/triggers`) },
  { name: "create trigger", status: 201, keep: "triggerId", send: ({ owner }, f) => owner.post(`/api/v1/streams/${f.streamId}/triggers`, { config: { kind: "webhook" } }) },
  { name: "get trigger", status: 200, send: ({ owner }, _f, created) => owner.get(`/api/v1/triggers/${created.triggerId}`) },
  { name: "update trigger", status: 200, send: ({ owner }, _f, created) => owner.patch(`/api/v1/triggers/${created.triggerId}`, { name: "Renamed hook" }) },
  { name: "rotate webhook secret", status: 200, send: ({ owner }, _f, created) => owner.post(`/api/v1/triggers/${created.triggerId}/rotate-secret`) },
  { name: "unsigned webhook is a problem", status: 401, send: ({ anonymous }, _f, created) => anonymous.post(`/api/v1/hooks/${created.triggerId}`, {}) },
  { name: "list trigger firings", status: 200, send: ({ owner }, _f, created) => owner.get(`/api/v1/triggers/${created.triggerId}/firings`) },
  { name: "delete trigger", status: 200, send: ({ owner }, _f, created) => owner.delete(`/api/v1/triggers/${created.triggerId}`) },
  { name: "archive stream", status: 200, send: ({ owner }, f) => owner.post(`/api/v1/streams/${f.spareStreamId}/archive`) },
];

export const templateExceptionAndReconciliationCalls: Call[] = [
  { name: "list templates", status: 200, send: ({ owner }) => owner.get("/api/v1/templates") },
  { name: "template pack schema", status: 200, send: ({ owner }) => owner.get("/api/v1/templates/schema.json") },
  { name: "get template", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/templates/${f.privateTemplateId}`) },
  {
    name: "upload the same pack again",
    status: 200,
    send: ({ raw }, f) => {
      const form = new FormData();
      form.append("file", new Blob([Buffer.from(f.packBytes)], { type: "application/gzip" }), "pack.tgz");
      return raw("POST", "/api/v1/templates", { body: form });
    },
  },
  { name: "instantiate template", status: 201, send: ({ owner }, f) => owner.post(`/api/v1/templates/${f.privateTemplateId}/instantiate`, { name: "From the pack" }) },
  { name: "list exceptions", status: 200, send: ({ owner }) => owner.get("/api/v1/exceptions") },
  { name: "exception stats", status: 200, send: ({ owner }) => owner.get("/api/v1/exceptions/stats") },
  { name: "exception totals", status: 200, send: ({ owner }) => owner.get("/api/v1/exceptions/totals?status=open") },
  { name: "export exceptions", status: 200, send: ({ owner }) => owner.get("/api/v1/exceptions/export?format=csv") },
  { name: "get sla", status: 200, send: ({ owner }) => owner.get("/api/v1/exceptions/sla") },
  { name: "update sla", status: 200, send: ({ owner }) => owner.put("/api/v1/exceptions/sla", { high: 3 }) },
  { name: "get exception", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/exceptions/${f.exceptionId}`) },
  { name: "update exception", status: 200, send: ({ owner }, f) => owner.patch(`/api/v1/exceptions/${f.exceptionId}`, { status: "in_review" }) },
  { name: "list exception events", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/exceptions/${f.exceptionId}/events`) },
  { name: "comment on exception", status: 201, send: ({ owner }, f) => owner.post(`/api/v1/exceptions/${f.exceptionId}/comments`, { body: "Checked with the bank" }) },
  { name: "bulk comment", status: 200, send: ({ owner }, f) => owner.post("/api/v1/exceptions/bulk", { ids: [f.exceptionId], action: "comment", comment: "Bulk note" }) },
  { name: "create manual match", status: 201, send: ({ owner }, f) => owner.post("/api/v1/manual-matches", { sourceExceptionIds: [f.sourceSideId], targetExceptionIds: [f.targetSideId] }) },
  { name: "get manual match", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/manual-matches/${f.manualMatchId}`) },
  { name: "undo manual match", status: 200, send: ({ owner }, f) => owner.delete(`/api/v1/manual-matches/${f.manualMatchId}`) },
  { name: "list reconciliations", status: 200, send: ({ owner }) => owner.get("/api/v1/reconciliations") },
  { name: "create reconciliation", status: 201, send: ({ owner }, f) => owner.post("/api/v1/reconciliations", { name: "Created", sourceFileId: f.fileId, targetFileId: f.spareFileId, ruleSetId: f.ruleSetId }) },
  { name: "get reconciliation", status: 200, send: ({ owner }, f) => owner.get(`/api/v1/reconciliations/${f.reconciliationId}`) },
  { name: "start reconciliation", status: 202, send: ({ owner }, f) => owner.post(`/api/v1/reconciliations/${f.reconciliationId}/start`) },
];
