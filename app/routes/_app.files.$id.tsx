import { json, redirect } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import type { ProblemView } from "~/components/problem";
import { DomainError } from "~/core/errors/domain-errors";
import { adapterChoices, canonicalSchemaOfFormat } from "~/modules/files/index.server";
import { listColumnMappings } from "~/modules/column-mappings/index.server";
import { buildOverrides, formatChoiceOfForm, FormatFormSchema, OverrideFormSchema, PolicyFormSchema } from "~/http/forms/file-forms.server";
import { parseForm, runFormAction } from "~/http/ui-action.server";
import { deleteFile, getFile, previewFile, updateFile } from "~/modules/files/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";
import { FileDetailPage } from "~/components/files/detail/file-detail-page";
import { PREVIEW_ROWS } from "~/components/files/detail/file-detail-data";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.file.name ?? "File"} · Files · Reconstream` }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ request, params, ctx, role }) => {
  const id = params.id ?? "";
  // Another org's id and a made-up one look the same: the wrapper's 404 page.
  const file = await getFile(ctx, id);
  let preview: { columns: string[]; rows: Awaited<ReturnType<typeof previewFile>>["rows"] } | null = null;
  let previewProblem: ProblemView | null = null;
  // ?line=N (an exception's provenance) previews the rows around that line.
  const lineParam = new URL(request.url).searchParams.get("line");
  const aroundLine = lineParam ? Number(lineParam) : undefined;
  if (file.status === "ready") {
    try {
      const result = await previewFile(ctx, id, PREVIEW_ROWS, { aroundLine });
      preview = { columns: result.columns, rows: result.rows };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      previewProblem = { title: error.title, status: error.status, detail: error.message, errors: error.errors };
    }
  }
  return json({
    file: {
      id: file.id,
      name: file.name,
      mime: file.mime,
      size: file.size,
      sha256: file.sha256,
      status: file.status,
      kind: file.kind,
      policy: file.policy,
      tags: file.tags,
      inbox: file.inbox,
      duplicateOf: file.duplicateOf,
      duplicateStatementOf: file.duplicateStatementOf,
      format: file.format ? { ...file.format, canonicalSchema: canonicalSchemaOfFormat(file.format) ?? null } : null,
      rowCount: file.rowCount,
      errorCount: file.errorCount,
      errors: file.errors,
      rejectedLineCount: file.rejectedLines.length,
      detectedSchema: file.detectedSchema,
      overrides: file.overrides,
      createdAt: file.createdAt.toISOString(),
      createdBy: file.createdBy,
      profiledAt: file.profiledAt?.toISOString() ?? null,
    },
    preview,
    previewProblem,
    aroundLine: aroundLine ?? null,
    adapters: adapterChoices(),
    mappings: (await listColumnMappings(ctx, { limit: 500 })).data.map((mapping) => ({ id: mapping.id, name: mapping.name, schema: mapping.schema })),
    canEdit: roleAllows(role, "runs:execute"),
    canDelete: roleAllows(role, "config:write"),
  });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, async ({ request, params, ctx, requirePermission }) => {
  const id = params.id ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");

  if (intent === "delete") {
    requirePermission("config:write");
    const result = await runFormAction(request, async () => {
      await deleteFile(ctx, id);
      return {};
    });
    if (result.ok) return redirect("/files");
    return json({ intent, ...result }, { status: result.error.status });
  }

  requirePermission("runs:execute");

  if (intent === "override" || intent === "reset" || intent === "policy" || intent === "format") {
    const result = await runFormAction(request, async () => {
      if (intent === "format") {
        const { adapter } = parseForm(FormatFormSchema(), formData);
        await updateFile(ctx, id, { format: formatChoiceOfForm(adapter) });
        return { message: "Format set; the file is being read again." };
      }
      if (intent === "policy") {
        const { policy } = parseForm(PolicyFormSchema(), formData);
        await updateFile(ctx, id, { policy });
        return { message: `Policy set to ${policy}; the file is being read again.` };
      }
      if (intent === "reset") {
        await updateFile(ctx, id, { overrides: {} });
        return { message: "Overrides cleared; detection runs again from scratch." };
      }
      const input = parseForm(OverrideFormSchema(), formData);
      const file = await getFile(ctx, id);
      const overrides = buildOverrides(file.overrides, input);
      await updateFile(ctx, id, { overrides });
      return { message: `Column “${input.column}” is now read as ${input.type}; the file is being profiled again.` };
    });
    return json({ intent, ...result }, { status: result.ok ? 200 : result.error.status });
  }
  throw new Response("Unknown intent", { status: 400 });
});

export default function FileDetailRoute() {
  return <FileDetailPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
