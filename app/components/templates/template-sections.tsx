import type { SerializeFrom } from "@remix-run/node";
import { LocalTime } from "~/components/format";
import { StreamGraph } from "~/components/streams/stream-graph";
import { Table, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import type { templatePageView } from "~/modules/templates/index.server";
import { typeLabel } from "./parameter-field";
import { Runbook } from "./runbook";

/** The template page's sections below the header, each reading the same page view. */
export type TemplateView = SerializeFrom<ReturnType<typeof templatePageView>>;

export function PipelinesSection({ template }: { template: TemplateView }) {
  return (
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
  );
}

export function ParametersSection({ template }: { template: TemplateView }) {
  return (
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
                  <code className="font-mono text-xs">{defaultText(parameter)}</code>
                </TD>
                <TD className="whitespace-normal">{parameter.description}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </section>
  );
}

export function InputsSection({ template }: { template: TemplateView }) {
  return (
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
  );
}

export function SamplesSection({ template }: { template: TemplateView }) {
  return (
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
  );
}

export function RunbookSection({ template }: { template: TemplateView }) {
  return (
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
  );
}

export function VersionsSection({ template }: { template: TemplateView }) {
  return (
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
  );
}

function defaultText(parameter: TemplateView["parameters"][number]): string {
  if (parameter.money) return `${parameter.money.amount} ${parameter.money.currency ?? `(${parameter.money.currencyFrom} currency)`}`;
  if (parameter.type === "percentage") return `${String(parameter.default)} %`;
  return parameter.default === null ? "—" : String(parameter.default);
}
