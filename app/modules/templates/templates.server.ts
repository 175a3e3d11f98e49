import { gunzipSync } from "node:zlib";
import { and, eq, isNull, or } from "drizzle-orm";
import semver from "semver";
import type { OrgContext } from "~/core/access";
import { Conflict, NotFound, PayloadTooLarge, ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import { getLogger } from "~/platform/observability/logger.server";
import type { StreamDefinition } from "~/modules/streams";
import { compilePack } from "~/modules/templates/packs/compile-pack";
import { discoverPacks } from "~/modules/templates/packs/discover-packs.server";
import { checkPackDir } from "~/modules/templates/packs/pack-dir.server";
import { checkPackFiles, describeProblem, type CheckedPack, type PackProblem } from "~/modules/templates/packs/pack-files";
import { packManifestSchema, type PackManifest } from "~/modules/templates/packs/pack-schema";
import { readTar, UnsafeArchiveError } from "~/modules/templates/packs/tar";
import { getDb } from "~/platform/db/client";
import { ulid } from "~/platform/db/ids";
import { reconciliationTemplates } from "~/platform/db/schema";
import { singleton } from "~/platform/db/singleton";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { isFeatureEnabled } from "~/modules/tenancy/index.server";
import { createRuleSet } from "~/modules/rule-sets/index.server";
import { createStream } from "~/modules/streams/index.server";
import { ensurePackColumnMappings } from "~/modules/column-mappings/index.server";

/**
 * Template packs: the catalog (public packs from plugins/ and installed
 * reconstream-pack-* packages, plus the org's uploaded ones), instantiation
 * into the org's own rule sets and streams, and private uploads.
 *
 * The loader runs once per process, lazily, on the first catalog use (and
 * server/web.ts starts it at boot so problems are logged early): an invalid
 * pack is logged and kept in the catalog with its located problems, never
 * a reason for the app not to start.
 */
export type TemplateRow = typeof reconciliationTemplates.$inferSelect;

export interface CatalogProblemPack {
  name: string;
  origin: "plugins" | "npm";
  problems: PackProblem[];
}

interface Catalog {
  /** Packs that are not registered: invalid, or changed without a new version. */
  rejected: CatalogProblemPack[];
  registered: number;
}

const MAX_UPLOAD_BYTES = 32 * 1024 * 1024;
const MAX_PACK_FILES = 2_000;

/** Shared by the Remix bundle's copy of this module and server/web.ts's, so packs load once per process. */
const catalogHolder = singleton("templateCatalog", () => ({ current: undefined as Promise<Catalog> | undefined }));

/** Loads and registers the packs found under the working directory, once per process (a failed load is retried on next use). */
export function ensureTemplateCatalog(): Promise<Catalog> {
  catalogHolder.current ??= loadTemplateCatalog(process.cwd()).catch((error: unknown) => {
    catalogHolder.current = undefined;
    throw error;
  });
  return catalogHolder.current;
}

export async function loadTemplateCatalog(root: string): Promise<Catalog> {
  const logger = getLogger();
  const rejected: CatalogProblemPack[] = [];
  let registered = 0;
  for (const found of await discoverPacks(root)) {
    const checked = await checkPackDir(found.dir);
    if (checked.problems.length > 0 || !checked.manifest) {
      logger.warn({ pack: checked.name, dir: found.dir, problems: checked.problems.map(describeProblem) }, `template pack ${checked.name} skipped: ${checked.problems.length} problem(s)`);
      rejected.push({ name: checked.name, origin: found.origin, problems: checked.problems });
      continue;
    }
    const conflict = await registerPublicPack(checked, found.origin);
    if (conflict) {
      logger.error({ pack: checked.name, version: checked.manifest.version }, conflict.message);
      rejected.push({ name: checked.name, origin: found.origin, problems: [conflict] });
      continue;
    }
    registered++;
  }
  logger.info({ registered, rejected: rejected.length }, "template packs loaded");
  return { rejected, registered };
}

/** Registers a public pack version once; the same version with other content is refused (versions are immutable). */
async function registerPublicPack(checked: CheckedPack, origin: "plugins" | "npm"): Promise<PackProblem | null> {
  const manifest = checked.manifest!;
  const db = getDb();
  await db
    .insert(reconciliationTemplates)
    .values(rowOf(manifest, checked, { orgId: null, origin, createdBy: `loader:${origin}` }))
    .onConflictDoNothing();
  const [existing] = await db
    .select({ sha256: reconciliationTemplates.sha256 })
    .from(reconciliationTemplates)
    .where(and(isNull(reconciliationTemplates.orgId), eq(reconciliationTemplates.templateId, manifest.id), eq(reconciliationTemplates.version, manifest.version)));
  if (existing && existing.sha256 !== checked.sha256) {
    return {
      pack: manifest.id,
      file: "reconstream-pack.json",
      pointer: "/version",
      message: `version ${manifest.version} of ${manifest.id} is already registered with other content (sha256 ${existing.sha256.slice(0, 12)}…); a changed pack needs a new version`,
    };
  }
  return null;
}

function rowOf(manifest: PackManifest, checked: CheckedPack, where: { orgId: string | null; origin: TemplateRow["origin"]; createdBy: string }) {
  return {
    id: `tpl_${ulid()}`,
    orgId: where.orgId,
    templateId: manifest.id,
    version: manifest.version,
    name: manifest.name,
    industry: manifest.industry,
    description: manifest.description,
    manifest: manifest as unknown as Record<string, unknown>,
    runbook: checked.runbook,
    sha256: checked.sha256,
    origin: where.origin,
    createdBy: where.createdBy,
  };
}

async function assertTemplatesEnabled(ctx: OrgContext): Promise<void> {
  if (!(await isFeatureEnabled(ctx, "templates"))) throw new NotFound("resource");
}

async function visibleRows(ctx: OrgContext, templateId?: string): Promise<TemplateRow[]> {
  return inOrgTransaction(ctx.orgId, (tx) =>
    tx
      .select()
      .from(reconciliationTemplates)
      .where(
        and(
          or(isNull(reconciliationTemplates.orgId), eq(reconciliationTemplates.orgId, ctx.orgId)),
          templateId === undefined ? undefined : eq(reconciliationTemplates.templateId, templateId),
        ),
      ),
  );
}

// ---- Reads

export interface TemplateSummary {
  id: string;
  rows: TemplateRow[];
  latest: TemplateRow;
}

export async function listTemplates(ctx: OrgContext): Promise<{ templates: TemplateSummary[]; rejected: CatalogProblemPack[] }> {
  await assertTemplatesEnabled(ctx);
  const loaded = await ensureTemplateCatalog();
  const byId = new Map<string, TemplateRow[]>();
  for (const row of await visibleRows(ctx)) byId.set(row.templateId, [...(byId.get(row.templateId) ?? []), row]);
  const templates = [...byId].map(([id, rows]) => summaryOf(id, rows)).sort((a, b) => a.id.localeCompare(b.id));
  return { templates, rejected: loaded.rejected };
}

export async function getTemplate(ctx: OrgContext, templateId: string): Promise<TemplateSummary> {
  await assertTemplatesEnabled(ctx);
  await ensureTemplateCatalog();
  const rows = await visibleRows(ctx, templateId);
  if (rows.length === 0) throw new NotFound("template", templateId);
  return summaryOf(templateId, rows);
}

function summaryOf(id: string, rows: TemplateRow[]): TemplateSummary {
  const sorted = [...rows].sort((a, b) => semver.rcompare(a.version, b.version));
  return { id, rows: sorted, latest: sorted[0]! };
}

// ---- Instantiate

export interface InstantiateInput {
  version?: string;
  parameters: Record<string, unknown>;
  name: string;
}

export interface Instantiation {
  templateId: string;
  version: string;
  parameters: Record<string, unknown>;
  ruleSets: Array<{ key: string; id: string; name: string; version: number }>;
  streams: Array<{ key: string; id: string; name: string }>;
  columnMappings: Array<{ key: string; id: string; name: string; created: boolean }>;
}

/**
 * The org's own copy of a pack version: one rule set per pack rule set and
 * one stream per pack stream, every step pinned to version 1 of its new rule
 * set, and the stream's origin naming the pack and version. The copy is the
 * org's to change; the pack is never touched. Parameters and every
 * definition are checked before anything is written.
 */
export async function instantiateTemplate(ctx: OrgContext, templateId: string, input: InstantiateInput): Promise<Instantiation> {
  const summary = await getTemplate(ctx, templateId);
  const row = input.version === undefined ? summary.latest : summary.rows.find((candidate) => candidate.version === input.version);
  if (!row) throw new NotFound(`version of template ${templateId}`, input.version);
  const manifest = packManifestSchema.parse(row.manifest);
  const { compiled, problems } = compilePack(manifest, input.parameters);
  if (!compiled) {
    throw new ValidationFailed(`The parameters do not fit template ${templateId} ${row.version}`, { errors: problems.map((problem) => ({ pointer: problem.pointer, message: problem.message })) });
  }
  const origin = { templateId, version: row.version, sha256: row.sha256 };
  // Once per pack version: instantiating it again (another copy of its streams) reuses the org's saved mappings.
  const columnMappings = await inOrgTransaction(ctx.orgId, async (tx) => {
    const saved = await ensurePackColumnMappings(tx, ctx, { templateId, templateVersion: row.version }, compiled.mappings);
    return Object.entries(saved).map(([key, mapping]) => ({ key, id: mapping.id, name: mapping.name, created: mapping.created }));
  });
  const ruleSets: Instantiation["ruleSets"] = [];
  const idByKey = new Map<string, string>();
  for (const ruleSet of compiled.ruleSets) {
    const created = await createRuleSet(ctx, {
      name: `${input.name} · ${ruleSet.name}`.slice(0, 200),
      description: `From template ${templateId} ${row.version}${ruleSet.description ? `: ${ruleSet.description}` : ""}`.slice(0, 2000),
      definition: ruleSet.definition,
    });
    idByKey.set(ruleSet.key, created.ruleSet.id);
    ruleSets.push({ key: ruleSet.key, id: created.ruleSet.id, name: created.ruleSet.name, version: created.latestVersion.version });
  }
  const streams: Instantiation["streams"] = [];
  for (const stream of compiled.streams) {
    const definition: StreamDefinition = {
      ...stream.definition,
      steps: stream.definition.steps.map((step) => ({ ...step, ruleSetId: idByKey.get(step.ruleSetId)!, ruleSetVersion: 1 })),
    };
    const name = compiled.streams.length === 1 ? input.name : `${input.name} · ${stream.name}`;
    const created = await createStream(ctx, { name: name.slice(0, 200), description: stream.description, definition, origin: { ...origin, streamKey: stream.key } });
    streams.push({ key: stream.key, id: created.stream.id, name: created.stream.name });
  }
  await inOrgTransaction(ctx.orgId, (tx) =>
    recordAudit(tx, ctx, {
      action: "template.instantiated",
      resourceType: "template",
      resourceId: templateId,
      changes: { after: { version: row.version, sha256: row.sha256, parameters: compiled.parameters, ruleSets: ruleSets.map((ruleSet) => ruleSet.id), streams: streams.map((stream) => stream.id), columnMappings: columnMappings.map((mapping) => mapping.id) } },
    }),
  );
  return { templateId, version: row.version, parameters: compiled.parameters, ruleSets, streams, columnMappings };
}

// ---- Private upload

/**
 * A private pack from a .tgz (npm pack's layout, files under package/, or
 * plain). The archive is read in memory by a strict tar reader: links,
 * absolute paths, `..` and anything but regular files are refused, and so is
 * any code file or package.json script. Nothing is extracted, installed or run.
 */
export async function uploadTemplate(ctx: OrgContext, archive: Uint8Array): Promise<{ summary: TemplateSummary; created: boolean }> {
  await assertTemplatesEnabled(ctx);
  await ensureTemplateCatalog();
  const files = unpackArchive(archive);
  const checked = checkPackFiles(files, "upload");
  if (checked.problems.length > 0 || !checked.manifest) {
    throw new ValidationFailed(`The pack has ${checked.problems.length} problem(s)`, { errors: checked.problems.map(toProblemLocation) });
  }
  const manifest = checked.manifest;
  const created = await inOrgTransaction(ctx.orgId, async (tx) => {
    const existing = await tx
      .select()
      .from(reconciliationTemplates)
      .where(and(eq(reconciliationTemplates.templateId, manifest.id), or(isNull(reconciliationTemplates.orgId), eq(reconciliationTemplates.orgId, ctx.orgId))));
    if (existing.some((row) => row.orgId === null)) throw new Conflict(`'${manifest.id}' is a public template; give your pack another id`);
    const sameVersion = existing.find((row) => row.version === manifest.version);
    if (sameVersion) {
      if (sameVersion.sha256 === checked.sha256) return false;
      throw new Conflict(`Version ${manifest.version} of '${manifest.id}' is already registered with other content; versions are immutable, publish a new version`);
    }
    await tx.insert(reconciliationTemplates).values(rowOf(manifest, checked, { orgId: ctx.orgId, origin: "upload", createdBy: ctx.actor.label }));
    await recordAudit(tx, ctx, {
      action: "template.uploaded",
      resourceType: "template",
      resourceId: manifest.id,
      changes: { after: { version: manifest.version, sha256: checked.sha256 } },
    });
    return true;
  });
  return { summary: await getTemplate(ctx, manifest.id), created };
}

function unpackArchive(archive: Uint8Array): Map<string, Uint8Array> {
  if (archive.length > MAX_UPLOAD_BYTES) throw new PayloadTooLarge(`A pack archive may be at most ${MAX_UPLOAD_BYTES} bytes`);
  let tar = archive;
  try {
    if (archive[0] === 0x1f && archive[1] === 0x8b) tar = new Uint8Array(gunzipSync(archive, { maxOutputLength: MAX_UPLOAD_BYTES * 4 }));
  } catch (error) {
    throw new ValidationFailed(`The archive is not a readable .tgz: ${(error as Error).message}`, { errors: [{ file: "upload", message: "not a gzip'd tar archive" }] });
  }
  let entries;
  try {
    entries = readTar(tar, { maxFiles: MAX_PACK_FILES, maxBytes: MAX_UPLOAD_BYTES * 4 });
  } catch (error) {
    if (!(error instanceof UnsafeArchiveError)) throw error;
    throw new ValidationFailed(`The archive was refused: ${error.message}`, { errors: [{ file: error.entry ?? "upload", message: error.message }] });
  }
  // npm pack puts everything under package/; a plain tar of the folder works too.
  const underPackage = entries.length > 0 && entries.every((entry) => entry.name.startsWith("package/"));
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) files.set(underPackage ? entry.name.slice("package/".length) : entry.name, entry.bytes);
  return files;
}

function toProblemLocation(problem: PackProblem): ProblemLocation {
  return { file: problem.file, message: problem.message, ...(problem.pointer === undefined ? {} : { pointer: problem.pointer }), ...(problem.line === undefined ? {} : { line: problem.line }) };
}

