import { z } from "zod";
import type { OrgContext } from "~/core/access";
import { DomainError, ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import { listDataSources } from "~/modules/data-sources/index.server";
import { listFiles } from "~/modules/files/index.server";
import { listRuleSets } from "~/modules/rule-sets/index.server";
import { streamDefinitionSchema, type StreamDefinition } from "~/modules/streams";
import { requireSameOriginForm } from "./ui-action.server";

/**
 * What the visual editor's pages share on the server: the choices the side
 * panel offers (rule sets, ready files, data sources) and the save form's
 * parsing. The definition travels as one JSON field, checked with the same
 * zod schema the API uses.
 */
const PICK_LIMIT = 200;

export async function editorChoices(ctx: OrgContext) {
  const [ruleSets, files, dataSources] = await Promise.all([
    listRuleSets(ctx, { limit: PICK_LIMIT, status: "active" }),
    listFiles(ctx, { limit: PICK_LIMIT, status: "ready", kind: "upload" }),
    listDataSources(ctx, { limit: PICK_LIMIT }),
  ]);
  return {
    ruleSets: ruleSets.data.map(({ ruleSet }) => ({ id: ruleSet.id, name: ruleSet.name, latestVersion: ruleSet.latestVersion })),
    files: files.data.map((file) => ({ id: file.id, name: file.name })),
    dataSources: dataSources.data.map((source) => ({ id: source.id, name: source.name })),
  };
}

const SavePayload = z.object({
  name: z.string().trim().min(1, "Give the stream a name").max(200),
  description: z.string().trim().max(2000).nullable(),
  definition: streamDefinitionSchema,
});

export interface SaveInput {
  name: string;
  description: string | null;
  definition: StreamDefinition;
}

export interface SaveError {
  message: string;
  problems: Array<{ pointer: string; severity: "error"; message: string }>;
}

/** Runs a save; domain errors (refused definitions, unknown rule sets) come back located, for the editor to place. */
export async function runEditorSave<T>(request: Request, formData: FormData, save: (input: SaveInput) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: SaveError }> {
  requireSameOriginForm(request);
  try {
    let raw: unknown;
    try {
      raw = JSON.parse(String(formData.get("payload") ?? ""));
    } catch {
      throw new ValidationFailed("The editor sent an unreadable stream");
    }
    const parsed = SavePayload.safeParse(raw);
    if (!parsed.success) {
      throw new ValidationFailed("The stream is not valid", {
        errors: parsed.error.issues.map((issue) => ({ pointer: `/${issue.path.map(String).join("/")}`, message: issue.message })),
      });
    }
    return { ok: true, value: await save(parsed.data as SaveInput) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const problems = (error.errors as ProblemLocation[])
      .filter((location) => location.pointer)
      .map((location) => ({ pointer: location.pointer!, severity: "error" as const, message: location.message }));
    return { ok: false, error: { message: error.message, problems } };
  }
}
