import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { streamDefinitionSchema } from "~/core/streams/definition";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { createManualMatch } from "~/modules/exceptions/manual-matches.server";
import { profileUploadedFile } from "~/modules/files/profile.server";
import { enqueueInboxTriggers } from "~/modules/streams/index.server";
import { createReconciliation } from "~/modules/reconciliations/reconciliations.server";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { createStream } from "~/modules/streams/definition/streams.server";
import { uploadTemplate } from "~/modules/templates/templates.server";
import { packArchive } from "~/modules/templates/packs/pack-commands.server";
import { acceptInvitation, createInvitation } from "~/modules/tenancy/invitations.server";
import { listMembers } from "~/modules/tenancy/memberships.server";
import { setFeatureFlag } from "~/modules/tenancy/feature-flags.server";
import { createTestOrg, type TestOrg } from "../../../support/factories";
import { insertStreamRun, type StreamRunRows } from "../../../support/stream-rows";
import { insertExceptions } from "../../exceptions/exception-rows";

/**
 * One org with a resource behind every documented route, made in-process (no
 * worker runs in this file): a ready file, rule sets, a stream, a finished run
 * with artifacts and exceptions, a dead-lettered step, a second member.
 */
export interface Fixtures {
  baseUrl: string;
  org: TestOrg;
  fileId: string;
  spareFileId: string;
  ruleSetId: string;
  spareRuleSetId: string;
  streamId: string;
  spareStreamId: string;
  finishedRun: StreamRunRows;
  deadLetterRun: StreamRunRows;
  exceptionId: string;
  sourceSideId: string;
  targetSideId: string;
  manualMatchSourceId: string;
  manualMatchTargetId: string;
  manualMatchId: string;
  reconciliationId: string;
  memberId: string;
  auditEventId: string;
  privateTemplateId: string;
  packBytes: Uint8Array;
}

export const definition = {
  source: { mappings: [{ field: "id", column: "order_id" }] },
  target: { mappings: [{ field: "id", column: "order_id" }] },
  passes: [{ name: "by order id", keys: ["id"] }],
};

export async function uploadReadyFile(baseUrl: string, org: TestOrg, name = "orders.csv"): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob(["order_id,amount\nA-1,10.00\nA-2,12.50\n"], { type: "text/csv" }), name);
  return fetch(`${baseUrl}/api/v1/files`, { method: "POST", headers: { Authorization: `Bearer ${org.keys.operator}` }, body: form });
}

async function readyFile(baseUrl: string, org: TestOrg): Promise<string> {
  const response = await uploadReadyFile(baseUrl, org);
  const { id } = (await response.json()) as { id: string };
  await profileUploadedFile(org.ownerCtx, id, { lastAttempt: true, whenReady: enqueueInboxTriggers });
  return id;
}

export async function makeFixtures(baseUrl: string): Promise<Fixtures> {
  const org = await createTestOrg("Contracts Inc");
  await setFeatureFlag(org.ownerCtx, "dataSources", true);
  const fileId = await readyFile(baseUrl, org);
  const spareFileId = await readyFile(baseUrl, org);
  const parsed = ruleSetDefinitionSchema.parse(definition);
  const { ruleSet } = await createRuleSet(org.ownerCtx, { name: "Orders", definition: parsed });
  const { ruleSet: spareRuleSet } = await createRuleSet(org.ownerCtx, { name: "Spare", definition: parsed });
  const streamDefinition = streamDefinitionSchema.parse({
    steps: [{ key: "orders", name: "Orders", ruleSetId: ruleSet.id, inputs: { source: { kind: "FILE", fileId }, target: { kind: "FILE", fileId } } }],
  });
  const { stream } = await createStream(org.ownerCtx, { name: "Orders", definition: streamDefinition });
  const { stream: spareStream } = await createStream(org.ownerCtx, { name: "Spare", definition: streamDefinition });
  const finishedRun = await insertStreamRun(org, { steps: [{ key: "orders" }] });
  const deadLetterRun = await insertStreamRun(org, {
    runState: "failed",
    steps: [
      {
        key: "orders",
        state: "failed",
        attempt: 3,
        maxAttempts: 3,
        deadLetteredAt: new Date(),
        failure: { classification: "permanent", code: "input_missing", message: "The input file is gone" },
      },
    ],
  });
  const [exceptionId, sourceSideId, targetSideId, manualMatchSourceId, manualMatchTargetId] = await insertExceptions(org.orgId, finishedRun, [
    {},
    { side: "source", reference: "M-1" },
    { side: "target", reference: "M-1" },
    { side: "source", reference: "M-2" },
    { side: "target", reference: "M-2" },
  ]);
  const manualMatch = await createManualMatch(org.ownerCtx, { sourceExceptionIds: [manualMatchSourceId!], targetExceptionIds: [manualMatchTargetId!] });
  const reconciliation = await createReconciliation(org.ownerCtx, { name: "Orders", sourceFileId: fileId, targetFileId: fileId, ruleSetId: ruleSet.id });
  const { token } = await createInvitation(org.ownerCtx, { email: "second@example.test", role: "viewer" });
  const { userId } = await acceptInvitation({ token, name: "Second", password: "correct horse battery" });
  const members = await listMembers(org.ownerCtx, { limit: 10 });
  const packBytes = await packArchive("tests/fixtures/packs/private-invoices");
  const { summary } = await uploadTemplate(org.ownerCtx, packBytes);
  const audit = await listAuditEvents(org.ownerCtx, { limit: 1 });
  return {
    baseUrl,
    org,
    fileId,
    spareFileId,
    ruleSetId: ruleSet.id,
    spareRuleSetId: spareRuleSet.id,
    streamId: stream.id,
    spareStreamId: spareStream.id,
    finishedRun,
    deadLetterRun,
    exceptionId: exceptionId!,
    sourceSideId: sourceSideId!,
    targetSideId: targetSideId!,
    manualMatchSourceId: manualMatchSourceId!,
    manualMatchTargetId: manualMatchTargetId!,
    manualMatchId: manualMatch.id,
    reconciliationId: reconciliation.reconciliation.id,
    memberId: members.data.find((member) => member.userId === userId)!.id,
    auditEventId: audit.events[0]!.id,
    privateTemplateId: summary.id,
    packBytes,
  };
}
