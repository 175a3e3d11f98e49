import { json, redirect, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { LocalTime } from "~/components/format";
import { flowLinks } from "~/components/streams/flow-styles";
import { StreamGraph } from "~/components/streams/stream-graph";
import { industryLabel } from "~/components/templates/industry";
import { typeLabel } from "~/components/templates/parameter-field";
import { Runbook } from "~/components/templates/runbook";
import { UseTemplateDialog, type InstantiationView } from "~/components/templates/use-template-dialog";
import { Badge } from "~/components/ui/badge";
import { PageHeader } from "~/components/ui/page-header";
import { Table, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { instantiateInputFromForm } from "~/http/forms/template-forms.server";
import { runFormAction } from "~/http/ui-action.server";
import { orNotFound } from "~/http/ui-loader.server";
import { isFeatureEnabled } from "~/modules/tenancy/index.server";
import { templatePageView, templateParameters } from "~/modules/templates/index.server";
import { getTemplate, instantiateTemplate } from "~/modules/templates/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const links = flowLinks;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.template.name ?? "Template"} · Templates · Reconstream` }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ request, params, ctx, role }) => {
  const template = templatePageView(await getTemplate(ctx, params.id!));
  const canUse = roleAllows(role, "config:write") && (await isFeatureEnabled(ctx, "streams"));
  return json({
    template,
    canUse,
    openUse: canUse && new URL(request.url).searchParams.get("use") === "1",
    timeZones: canUse ? timeZoneChoices() : [],
  });
});

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "config:write" }, async ({ request, params, ctx }) => {
  const formData = await request.formData();
  if (formData.get("intent") !== "instantiate") throw new Response("Unknown intent", { status: 400 });
  const result = await runFormAction(request, async () => {
    const summary = await orNotFound(getTemplate(ctx, params.id!));
    const version = String(formData.get("version") ?? "").trim() || undefined;
    const input = instantiateInputFromForm(formData, templateParameters(summary, version));
    const created = await instantiateTemplate(ctx, summary.id, input);
    return { created: { version: created.version, ruleSets: created.ruleSets, streams: created.streams } satisfies InstantiationView };
  });
  if (!result.ok) return json({ error: result.error, created: null }, { status: result.error.status });
  if (result.created.streams.length === 1) return redirect(`/streams/${result.created.streams[0]!.id}`);
  return json({ error: null, created: result.created }, { status: 201 });
});

function timeZoneChoices(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
}

export default function TemplatePage() {
  const { template, canUse, openUse, timeZones } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-10">
      <div>
        <nav aria-label="Breadcrumb" className="mb-2 text-sm">
          <Link to="/templates" className="text-indigo-700 underline hover:text-indigo-900">
            Templates
          </Link>
          <span aria-hidden="true" className="text-slate-400">
            {" "}
            /{" "}
          </span>
          <span className="text-slate-600">{industryLabel(template.industry)}</span>
        </nav>
        <PageHeader
          title={template.name}
          description={template.description}
          actions={
            canUse ? (
              <UseTemplateDialog
                template={{
                  id: template.id,
                  name: template.name,
                  version: template.version,
                  versions: template.versions.map((version) => version.version),
                  parameters: template.parameters,
                  streamCount: template.streamCount,
                }}
                timeZones={timeZones}
                openInitially={openUse}
                error={actionData?.error ?? null}
                created={actionData?.created ?? null}
              />
            ) : null
          }
        />
        <dl className="-mt-4 flex flex-wrap gap-x-6 gap-y-2 text-sm" data-testid="template-facts">
          <Fact label="Version">
            {template.version}
            {template.versionCount > 1 ? ` (${template.versionCount} versions)` : ""}
          </Fact>
          <Fact label="Industry">{industryLabel(template.industry)}</Fact>
          <Fact label="Pipelines">
            {template.streamCount} stream{template.streamCount === 1 ? "" : "s"}, {template.stepCount} step{template.stepCount === 1 ? "" : "s"}
          </Fact>
          <Fact label="Author">{template.author}</Fact>
          <Fact label="License">{template.license}</Fact>
          <Fact label="Engine">{template.engine}</Fact>
          <Fact label="Visibility">{template.visibility === "private" ? <Badge tone="info">Private to your organization</Badge> : "Public"}</Fact>
        </dl>
        {template.keywords.length > 0 ? (
          <ul className="mt-3 flex flex-wrap gap-1.5" aria-label="Keywords">
            {template.keywords.map((keyword) => (
              <li key={keyword}>
                <Badge>{keyword}</Badge>
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      <section aria-labelledby="pipelines-heading" className="space-y-6">
        <h2 id="pipelines-heading" className="text-lg font-semibold text-slate-900">
          Pipelines
        </h2>
        {template.streams.map((stream) => (
          <article key={stream.key} aria-labelledby={`stream-${stream.key}`} className="space-y-3" data-testid={`template-stream-${stream.key}`}>
            <div>
              <h3 id={`stream-${stream.key}`} className="text-base font-semibold text-slate-900">
                {stream.name}
              </h3>
              {stream.description ? <p className="text-sm text-slate-600">{stream.description}</p> : null}
            </div>
            {stream.graph ? <StreamGraph definition={stream.graph} ruleSets={template.ruleSetLabels} height={stream.steps.length > 2 ? 420 : 280} /> : null}
            <Table aria-label={`Steps of ${stream.name}`}>
              <THead>
                <TR>
                  <TH>Step</TH>
                  <TH>Rule set</TH>
                  <TH>Source</TH>
                  <TH>Target</TH>
                </TR>
              </THead>
              <TBody>
                {stream.steps.map((step) => (
                  <TR key={step.key}>
                    <TD>
                      <span className="font-medium text-slate-900">{step.name}</span> <span className="font-mono text-xs text-slate-500">{step.key}</span>
                    </TD>
                    <TD>{step.ruleSetName}</TD>
                    <TD>{step.source}</TD>
                    <TD>{step.target}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </article>
        ))}
      </section>

      <section aria-labelledby="parameters-heading" className="space-y-3">
        <h2 id="parameters-heading" className="text-lg font-semibold text-slate-900">
          Parameters
        </h2>
        {template.parameters.length === 0 ? (
          <p className="text-sm text-slate-600">This template takes no parameters.</p>
        ) : (
          <Table aria-label="Parameters">
            <THead>
              <TR>
                <TH>Parameter</TH>
                <TH>Type</TH>
                <TH>Default</TH>
                <TH>What it does</TH>
              </TR>
            </THead>
            <TBody>
              {template.parameters.map((parameter) => (
                <TR key={parameter.name}>
                  <TD>
                    <span className="font-medium text-slate-900">{parameter.title}</span>
                    <br />
                    <code className="font-mono text-xs text-slate-500">{parameter.name}</code>
                  </TD>
                  <TD>{typeLabel(parameter)}</TD>
                  <TD>
                    <code className="font-mono text-xs">{String(parameter.default)}</code>
                  </TD>
                  <TD className="whitespace-normal">{parameter.description}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </section>

      <section aria-labelledby="inputs-heading" className="space-y-3">
        <h2 id="inputs-heading" className="text-lg font-semibold text-slate-900">
          Files it reads
        </h2>
        <p className="text-sm text-slate-600">Each becomes a run parameter of the new stream: you choose the uploaded file when a run starts.</p>
        <ul className="grid gap-3 md:grid-cols-2">
          {template.inputs.map((input) => (
            <li key={input.key} className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
              <p className="font-medium text-slate-900">{input.title}</p>
              <p className="text-xs text-slate-500">
                <code className="font-mono">{input.key}</code> · {input.adapter ? `format adapter ${input.adapter}` : `${input.format ?? "generic"} file`}
              </p>
              {input.description ? <p className="mt-1 text-slate-700">{input.description}</p> : null}
              {input.signatureColumns.length > 0 ? (
                <p className="mt-1 text-xs text-slate-600">
                  Recognised by the columns {input.signatureColumns.map((column, index) => (
                    <span key={column}>
                      {index > 0 ? ", " : ""}
                      <code className="font-mono">{column}</code>
                    </span>
                  ))}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="samples-heading" className="space-y-3">
        <h2 id="samples-heading" className="text-lg font-semibold text-slate-900">
          Sample data
        </h2>
        <p className="text-sm text-slate-600">The pack is tested on these files: running each stream on them must give exactly its expected results.</p>
        <ul className="space-y-3">
          {template.streams.map((stream) => (
            <li key={stream.key} className="rounded-lg border border-slate-200 bg-white p-4 text-sm">
              <p className="font-medium text-slate-900">{stream.name}</p>
              <ul className="mt-1 space-y-0.5">
                {stream.samples.map((sample) => (
                  <li key={sample.input}>
                    {sample.inputTitle}: <code className="font-mono text-xs text-slate-700">{sample.file}</code>
                  </li>
                ))}
              </ul>
              <p className="mt-1 text-xs text-slate-600">
                Expected results: <code className="font-mono">{stream.expected}</code>
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="runbook-heading" className="space-y-3">
        <h2 id="runbook-heading" className="text-lg font-semibold text-slate-900">
          Runbook
        </h2>
        {template.runbook ? (
          <div className="rounded-lg border border-slate-200 bg-white p-6">
            <Runbook markdown={template.runbook} />
          </div>
        ) : (
          <p className="text-sm text-slate-600">This pack has no runbook.</p>
        )}
      </section>

      <section aria-labelledby="versions-heading" className="space-y-3">
        <h2 id="versions-heading" className="text-lg font-semibold text-slate-900">
          Versions
        </h2>
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm">
          {template.versions.map((version) => (
            <li key={version.version} className="flex flex-wrap items-center gap-3 px-4 py-2">
              <span className="font-medium text-slate-900">{version.version}</span>
              <span className="text-slate-600">{version.origin === "upload" ? "uploaded" : version.origin === "npm" ? "npm package" : "bundled"}</span>
              <LocalTime iso={version.createdAt} className="text-slate-700" />
              <span className="font-mono text-xs text-slate-500" title={version.sha256}>
                sha256 {version.sha256.slice(0, 12)}…
              </span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-1.5">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  );
}
