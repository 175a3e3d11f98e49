import { and, eq } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { NotFound, ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import type { TriggerConfig } from "~/core/streams/trigger-config";
import type { Tx } from "~/platform/db/client";
import { reconciliationStreams, reconciliationStreamVersions, streamTriggers } from "~/platform/db/schema";
import type { StreamTrigger } from "./trigger-types";

/** What a trigger write checks against other rows: the stream, the trigger, the parameters and completion loops. */
export async function findStream(tx: Tx, ctx: OrgContext, streamId: string) {
  const [stream] = await tx
    .select({
      id: reconciliationStreams.id,
      status: reconciliationStreams.status,
      system: reconciliationStreams.system,
      latestVersion: reconciliationStreams.latestVersion,
    })
    .from(reconciliationStreams)
    .where(and(eq(reconciliationStreams.orgId, ctx.orgId), eq(reconciliationStreams.id, streamId)));
  // System streams back the classic API one-to-one; they are not the org's to trigger.
  return stream && !stream.system ? stream : undefined;
}

export async function lockTrigger(tx: Tx, ctx: OrgContext, id: string): Promise<StreamTrigger> {
  const [trigger] = await tx
    .select()
    .from(streamTriggers)
    .where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.id, id)))
    .for("update");
  if (!trigger) throw new NotFound("trigger", id);
  return trigger;
}

/**
 * The run parameters a trigger's runs will get must be ones the stream
 * declares, and those it requires must come from somewhere: the trigger's own
 * parameters, the inbox file, or (webhooks) the delivery. Checked against the
 * stream's latest version now, so a mistake is a 422 here rather than a
 * skipped firing at 6 a.m.; the run start checks again against the version it pins.
 */
export async function assertParametersFit(
  tx: Tx,
  ctx: OrgContext,
  stream: { id: string; latestVersion: number },
  config: TriggerConfig,
  parameters: Record<string, string>,
): Promise<void> {
  const [version] = await tx
    .select({ settings: reconciliationStreamVersions.settings })
    .from(reconciliationStreamVersions)
    .where(
      and(
        eq(reconciliationStreamVersions.orgId, ctx.orgId),
        eq(reconciliationStreamVersions.streamId, stream.id),
        eq(reconciliationStreamVersions.version, stream.latestVersion),
      ),
    );
  if (!version) return;
  const declared = new Map(version.settings.parameters.map((parameter) => [parameter.name, parameter]));
  const errors: ProblemLocation[] = [];
  for (const name of Object.keys(parameters)) {
    if (!declared.has(name)) errors.push({ pointer: `/parameters/${name}`, message: `the stream declares no parameter '${name}'` });
  }
  if (config.kind === "inbox" && !declared.has(config.parameter)) {
    errors.push({ pointer: "/config/parameter", message: `the stream declares no parameter '${config.parameter}' to receive the file` });
  }
  // A webhook delivery may bring any parameter; the others can only come from the trigger (and the inbox file).
  if (config.kind !== "webhook") {
    for (const parameter of declared.values()) {
      const supplied = parameters[parameter.name] !== undefined || (config.kind === "inbox" && config.parameter === parameter.name);
      if (parameter.required && !supplied) {
        errors.push({ pointer: "/parameters", message: `the stream requires parameter '${parameter.name}'; give it here so every run has it` });
      }
    }
  }
  if (errors.length > 0) throw new ValidationFailed(`The trigger's parameters have ${errors.length} problem${errors.length === 1 ? "" : "s"}`, { errors });
}

/** Checks that relate the config to other rows: the upstream stream exists, and completions cannot loop. */
export async function assertConfigFits(tx: Tx, ctx: OrgContext, streamId: string, config: TriggerConfig, triggerId?: string): Promise<void> {
  if (config.kind !== "run_completion") return;
  const at = "/config/upstreamStreamId";
  if (config.upstreamStreamId === streamId) {
    throw new ValidationFailed("A stream cannot be triggered by its own runs", {
      errors: [{ pointer: at, message: "must name another stream (a stream started by its own completion would never stop)" }],
    });
  }
  if (!(await findStream(tx, ctx, config.upstreamStreamId))) {
    throw new ValidationFailed("The upstream stream does not exist", {
      errors: [{ pointer: at, message: `no stream '${config.upstreamStreamId}' in this organization` }],
    });
  }
  // A chain A → B → … → A would run for ever: refuse the edge that closes a loop.
  const edges = await tx
    .select({ id: streamTriggers.id, streamId: streamTriggers.streamId, config: streamTriggers.config })
    .from(streamTriggers)
    .where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.kind, "run_completion"), eq(streamTriggers.enabled, true)));
  const downstreamOf = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.id === triggerId || edge.config.kind !== "run_completion") continue;
    const list = downstreamOf.get(edge.config.upstreamStreamId) ?? [];
    list.push(edge.streamId);
    downstreamOf.set(edge.config.upstreamStreamId, list);
  }
  // Adding upstream → streamId closes a loop when upstream is reachable from streamId.
  const seen = new Set<string>();
  const pending = [streamId];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (current === config.upstreamStreamId) {
      throw new ValidationFailed("This trigger would close a loop of run-completion triggers", {
        errors: [{ pointer: at, message: `stream '${config.upstreamStreamId}' already runs after '${streamId}' finishes` }],
      });
    }
    if (seen.has(current)) continue;
    seen.add(current);
    pending.push(...(downstreamOf.get(current) ?? []));
  }
}
