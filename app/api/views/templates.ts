import type { z } from "~/api/zod";
import type { TemplateDetailSchema, TemplateSchema } from "~/api/contracts/templates";
import { packManifestSchema, parameterConstraints, type CatalogProblemPack, type TemplateSummary } from "~/modules/templates/index.server";

export function serializeTemplateSummary(summary: TemplateSummary): z.input<typeof TemplateSchema> {
  const { latest } = summary;
  const manifest = packManifestSchema.parse(latest.manifest);
  return {
    id: summary.id,
    object: "template" as const,
    name: latest.name,
    industry: latest.industry,
    description: latest.description,
    latestVersion: latest.version,
    visibility: latest.orgId === null ? ("public" as const) : ("private" as const),
    versions: summary.rows.map((row) => ({ version: row.version, sha256: row.sha256, origin: row.origin, createdAt: row.createdAt.toISOString() })),
    author: manifest.author,
    license: manifest.license,
    engine: manifest.engine,
    keywords: manifest.keywords ?? [],
    createdAt: summary.rows[summary.rows.length - 1]!.createdAt.toISOString(),
  };
}

export function serializeTemplateDetail(summary: TemplateSummary): z.input<typeof TemplateDetailSchema> {
  const manifest = packManifestSchema.parse(summary.latest.manifest);
  return {
    ...serializeTemplateSummary(summary),
    // The declaration as the pack wrote it, and what a client needs to build its form from it.
    parameters: Object.fromEntries(Object.entries(manifest.parameters).map(([name, parameter]) => [name, { ...parameter, constraints: parameterConstraints(parameter, manifest.inputs) }])),
    inputs: manifest.inputs,
    severityDefaults: manifest.severityDefaults ?? null,
    ruleSets: manifest.ruleSets.map((ruleSet) => ({ key: ruleSet.key, name: ruleSet.name, description: ruleSet.description ?? null })),
    streams: manifest.streams.map((stream) => ({
      key: stream.key,
      name: stream.name,
      description: stream.description ?? null,
      steps: stream.steps.map((step) => ({ key: step.key, name: step.name, ruleSet: step.ruleSet, inputs: step.inputs })),
      layout: stream.settings?.layout ?? { nodes: {} },
    })),
    runbook: summary.latest.runbook,
  };
}

/** A pack in the catalog that failed its checks: listed with its problems so its author can fix it. */
export function serializeRejectedPack(pack: CatalogProblemPack) {
  return { id: pack.name, object: "template_problem" as const, origin: pack.origin, problems: pack.problems };
}
