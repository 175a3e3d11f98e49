import { z } from "zod";
import { ValidationFailed } from "~/core/errors/domain-errors";
import { ruleSetDefinitionSchema, type RuleSetDefinition } from "~/core/engine/rule-set";
import { PREVIEW_MAX_ROWS } from "~/modules/rule-sets/index.server";
import { parseForm } from "../ui-action.server";

/**
 * The Quick Run wizard's form parsing; a .server module so zod and the
 * rule-set schema stay out of the browser bundle. The wizard posts its draft
 * definition as one JSON field; problems in it come back with pointers under
 * /definition, the same as POST /api/v1/rule-sets reports them, so the
 * wizard can show each next to the control it belongs to.
 */
export { CANONICAL_FIELDS } from "~/core/engine/rule-set";

export const QUICK_RUN_INTENTS = ["suggest", "preview", "run"] as const;
export type QuickRunIntent = (typeof QUICK_RUN_INTENTS)[number];

const fileId = (side: string) => z.string({ error: `Choose a ${side} file` }).trim().min(1, `Choose a ${side} file`).max(64);

const FilePairSchema = z
  .object({ sourceFileId: fileId("source"), targetFileId: fileId("target") })
  .refine((pair) => pair.sourceFileId !== pair.targetFileId, { path: ["targetFileId"], message: "Choose a different file from the source" });

const PreviewSchema = z.object({
  limit: z.coerce.number().int().min(10).max(PREVIEW_MAX_ROWS).default(1_000),
});

const RunSchema = z.object({
  name: z.string({ error: "Name the reconciliation" }).trim().min(1, "Name the reconciliation").max(200, "Keep the name under 200 characters"),
});

export function parseIntent(formData: FormData): QuickRunIntent {
  const intent = String(formData.get("intent") ?? "");
  if ((QUICK_RUN_INTENTS as readonly string[]).includes(intent)) return intent as QuickRunIntent;
  throw new Response("Unknown intent", { status: 400 });
}

export function parseFilePair(formData: FormData): { sourceFileId: string; targetFileId: string } {
  return parseForm(FilePairSchema, pick(formData, ["sourceFileId", "targetFileId"]));
}

export function parsePreviewForm(formData: FormData) {
  const files = parseFilePair(formData);
  const { limit } = parseForm(PreviewSchema, pick(formData, ["limit"]));
  return { ...files, limit, definition: parseDefinitionField(formData) };
}

export function parseRunForm(formData: FormData) {
  const problems: Array<{ pointer: string; message: string }> = [];
  const collect = <T,>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      problems.push(...error.errors.map((location) => ({ pointer: location.pointer ?? "", message: location.message })));
      return undefined;
    }
  };
  // Every problem at once, so each step of the wizard can show its own.
  const run = collect(() => parseForm(RunSchema, pick(formData, ["name"])));
  const files = collect(() => parseFilePair(formData));
  const definition = collect(() => parseDefinitionField(formData));
  if (problems.length > 0 || !run || !files || !definition) {
    throw new ValidationFailed(`The quick run has ${problems.length} problem${problems.length === 1 ? "" : "s"}`, { errors: problems });
  }
  return { name: run.name, ...files, definition };
}

/** The draft as JSON, checked by the rule-set schema itself. */
export function parseDefinitionField(formData: FormData): RuleSetDefinition {
  let raw: unknown;
  try {
    raw = JSON.parse(String(formData.get("definition") ?? ""));
  } catch {
    throw new ValidationFailed("The draft definition is not valid JSON", { errors: [{ pointer: "/definition", message: "is not valid JSON" }] });
  }
  const parsed = ruleSetDefinitionSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ValidationFailed("Check the highlighted settings and try again.", {
    errors: parsed.error.issues.map((issue) => ({ pointer: `/definition/${issue.path.map(String).join("/")}`, message: issue.message })),
  });
}

function pick(formData: FormData, names: string[]): FormData {
  const picked = new FormData();
  for (const name of names) {
    const value = formData.get(name);
    if (value !== null) picked.set(name, value);
  }
  return picked;
}
