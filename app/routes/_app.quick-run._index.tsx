import { json, redirect, type MetaFunction } from "@remix-run/node";
import { useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import type { ProblemView } from "~/components/problem";
import { QuickRunPage } from "~/components/quick-run/quick-run-page";
import { DomainError } from "~/core/errors/domain-errors";
import { CANONICAL_FIELDS, parseFilePair, parseIntent, parsePreviewForm, parseRunForm } from "~/http/forms/quick-run-forms.server";
import { adapterChoices } from "~/modules/files/index.server";
import { FileFormatFormSchema, formatChoiceOfForm } from "~/http/forms/file-forms.server";
import { parseForm, runFormAction, toFormError } from "~/http/ui-action.server";
import { listFiles, updateFile } from "~/modules/files/index.server";
import { suggestMappings } from "~/modules/rule-sets/index.server";
import { startQuickRun } from "~/modules/reconciliations/index.server";
import { serializeReconciliation } from "~/api/views/reconciliations";
import { listReconciliations } from "~/modules/reconciliations/index.server";
import { previewDraftDefinition } from "~/modules/rule-sets/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Quick Run · Reconstream" }];

/** Files offered in the pickers: the newest uploads; older ones are a search away on the files page. */
const FILES_LISTED = 100;
const RECENT_RUNS = 10;
/** Sample rows listed under the preview's counts. */
const PREVIEW_SAMPLES = 5;

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ ctx, role }) => {
  const [files, recent] = await Promise.all([listFiles(ctx, { limit: FILES_LISTED, kind: "upload" }), listReconciliations(ctx, { limit: RECENT_RUNS })]);
  return json({
    files: files.data.map((file) => ({
      id: file.id,
      name: file.name,
      status: file.status,
      rowCount: file.rowCount,
      errorCount: file.errorCount,
      createdAt: file.createdAt.toISOString(),
      columns: (file.detectedSchema?.columns ?? []).map((column) => ({ name: column.name, type: column.type })),
      format: file.format,
    })),
    adapters: adapterChoices(),
    recentRuns: recent.data.map((view) => {
      const reconciliation = serializeReconciliation(view);
      return { id: reconciliation.id, name: reconciliation.name, status: reconciliation.status, createdAt: reconciliation.createdAt, summary: reconciliation.summary };
    }),
    canonicalFields: [...CANONICAL_FIELDS],
    can: {
      upload: roleAllows(role, "runs:execute"),
      // A quick run saves its rule set, so it needs both config and run rights.
      run: roleAllows(role, "runs:execute") && roleAllows(role, "config:write"),
    },
    role,
  });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, async ({ request, ctx, requirePermission }) => {
  const formData = await request.formData();
  // A picker's format select: the file is profiled again through the chosen adapter (or as a plain table).
  if (formData.get("intent") === "format") {
    requirePermission("runs:execute");
    const result = await runFormAction(request, async () => {
      const { fileId, adapter } = parseForm(FileFormatFormSchema(), formData);
      await updateFile(ctx, fileId, { format: formatChoiceOfForm(adapter) });
      return {};
    });
    return json({ intent: "format" as const, ...result }, { status: result.ok ? 200 : result.error.status });
  }
  const intent = parseIntent(formData);
  if (intent === "run") {
    requirePermission("runs:execute");
    requirePermission("config:write");
  }
  try {
    if (intent === "suggest") {
      const suggestion = await suggestMappings(ctx, parseFilePair(formData));
      return json({ intent, ok: true as const, suggestion, preview: null });
    }
    if (intent === "preview") {
      const { definition, ...request } = parsePreviewForm(formData);
      const preview = await previewDraftDefinition(ctx, definition, request);
      return json({ intent, ok: true as const, suggestion: null, preview: { ...preview, matches: preview.matches.slice(0, PREVIEW_SAMPLES), exceptions: preview.exceptions.slice(0, PREVIEW_SAMPLES) } });
    }
    const started = await startQuickRun(ctx, parseRunForm(formData));
    return redirect(`/quick-run/${started.reconciliation.id}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const problem: ProblemView = { title: error.title, status: error.status, detail: error.message, errors: error.errors };
    // A busy preview pool (503) says when to try again; the page shows it beside the problem.
    const retryAfter = error.headers["Retry-After"];
    if (retryAfter !== undefined) problem.retryAfterSeconds = Number(retryAfter);
    return json({ intent, ok: false as const, problem, fields: toFormError(error).fields }, { status: error.status, headers: error.headers });
  }
});

/** Suggestions and previews change nothing on the server: no need to reload the file list after each. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  const intent = formData?.get("intent");
  if (intent === "suggest" || intent === "preview") return false;
  return defaultShouldRevalidate;
};

export default function QuickRunRoute() {
  return <QuickRunPage data={useLoaderData<typeof loader>()} />;
}
