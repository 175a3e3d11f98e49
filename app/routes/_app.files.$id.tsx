import { json, redirect } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { roleAllows } from "~/core/access";
import { FileFormatBadge, FileFormatForm } from "~/components/files/file-format";
import { FileStatusBadge } from "~/components/files/file-status";
import { formatBytes, formatCount, LocalTime } from "~/components/format";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button, buttonClasses } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardFooter, CardHeader, CardTitle } from "~/components/ui/card";
import { CopyField } from "~/components/ui/copy-field";
import { Field, Input } from "~/components/ui/input";
import { PageHeader } from "~/components/ui/page-header";
import { Select } from "~/components/ui/select";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { DomainError } from "~/core/errors/domain-errors";
import { adapterChoices } from "~/modules/files/index.server";
import { buildOverrides, formatChoiceOfForm, FormatFormSchema, OverrideFormSchema, PolicyFormSchema } from "~/http/forms/file-forms.server";
import { parseForm, runFormAction } from "~/http/ui-action.server";
import type { ColumnProfile, ColumnType, DetectionOverrides } from "~/core/ingest";

/** Column types offered in the override form (kept here: the .server forms module is not in the browser bundle). */
const TYPE_CHOICES: readonly ColumnType[] = ["string", "integer", "amount", "date", "datetime", "boolean", "currency", "empty"];
import { deleteFile, getFile, previewFile, updateFile } from "~/modules/files/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.file.name ?? "File"} · Files · Reconstream` }];

const PREVIEW_ROWS = 20;

export const loader = uiLoader(async ({ request, params, ctx, role }) => {
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
      format: file.format,
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
    canEdit: roleAllows(role, "runs:execute"),
    canDelete: roleAllows(role, "config:write"),
  });
});

export const action = uiAction(async ({ request, params, ctx, requirePermission }) => {
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

const POLL_MS = 1000;

export default function FileDetailPage() {
  const { file, preview, previewProblem, aroundLine, adapters, canEdit, canDelete } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";

  useEffect(() => {
    if (file.status !== "processing") return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [file.status, revalidator]);

  const schema = file.detectedSchema;
  const actionError = actionData && !actionData.ok ? actionData.error : undefined;
  const actionMessage = actionData && actionData.ok && "message" in actionData ? (actionData.message as string) : undefined;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link to="/files" className="text-indigo-700 underline">
          Files
        </Link>
        <span className="mx-1 text-slate-500" aria-hidden="true">
          /
        </span>
        <span className="text-slate-600">{file.name}</span>
      </nav>
      <PageHeader
        title={file.name}
        description={`${formatBytes(file.size)} · ${file.mime} · uploaded by ${file.createdBy}`}
        actions={
          <a href={`/api/v1/files/${file.id}/download`} className={buttonClasses("secondary", "md")} download>
            Download original
          </a>
        }
      />

      <div className="space-y-6">
        <div role="status" aria-live="polite" className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
          <FileStatusBadge status={file.status} errorCount={file.errorCount} />
          <FileFormatBadge format={file.format} />
          {file.status === "processing" ? <span>Detecting the schema and reading every row… this page updates by itself.</span> : null}
          {file.rowCount !== null ? <span>{formatCount(file.rowCount)} rows</span> : null}
          <span>
            Uploaded <LocalTime iso={file.createdAt} />
          </span>
          {file.profiledAt ? (
            <span>
              · profiled <LocalTime iso={file.profiledAt} />
            </span>
          ) : null}
          <span>· policy {file.policy}</span>
        </div>

        {file.duplicateOf ? (
          <Alert tone="warning" title="Duplicate upload">
            The same bytes (sha256) were uploaded before as{" "}
            <Link to={`/files/${file.duplicateOf}`} className="font-medium underline">
              an earlier file
            </Link>
            . It was accepted; check you are not reconciling the same data twice.
          </Alert>
        ) : null}

        {file.duplicateStatementOf ? (
          <Alert tone="warning" title="Duplicate statement">
            The same bank statement (account, statement id and opening balance) is already in{" "}
            <Link to={`/files/${file.duplicateStatementOf}`} className="font-medium underline">
              an earlier file
            </Link>
            , under other bytes. It was accepted; reconciling both would count its entries twice.
          </Alert>
        ) : null}

        {actionError ? <ProblemAlert problem={{ title: actionError.message, errors: Object.entries(actionError.fields).map(([pointer, message]) => ({ pointer: `/${pointer}`, message })) }} /> : null}
        {actionMessage && !busy ? <Alert tone="success">{actionMessage}</Alert> : null}

        <Card>
          <CardBody>
            <CopyField label="sha256 of the original" value={file.sha256} hint="The download is verified against it before a byte is sent." />
          </CardBody>
        </Card>

        {file.errors.length > 0 ? <LocatedErrors errors={file.errors} total={file.errorCount} status={file.status} rejected={file.rejectedLineCount} /> : null}

        {schema ? <DetectedSchema schema={schema} overrides={file.overrides} /> : file.status === "processing" ? <SchemaSkeleton /> : null}

        {canEdit ? <FileFormatForm format={file.format} adapters={adapters} busy={busy} disabled={file.status === "processing"} /> : null}

        {schema && canEdit ? <OverrideForm schema={schema} overrides={file.overrides} policy={file.policy} busy={busy} disabled={file.status === "processing"} /> : null}

        {file.status === "ready" ? (
          <Card>
            <CardHeader>
              <CardTitle>Preview</CardTitle>
              <CardDescription>
                {aroundLine !== null ? (
                  <>
                    The rows around line {aroundLine} as the engine reads them, that line marked.{" "}
                    <Link to={`/files/${file.id}`} className="text-indigo-700 underline">
                      Show the first rows
                    </Link>
                  </>
                ) : (
                  <>The first {PREVIEW_ROWS} rows as the engine reads them: the normalized value, with the raw text beneath where it differs.</>
                )}
              </CardDescription>
            </CardHeader>
            {previewProblem ? (
              <CardBody>
                <ProblemAlert problem={previewProblem} />
              </CardBody>
            ) : preview ? (
              <PreviewTable preview={preview} markedLine={aroundLine} />
            ) : null}
          </Card>
        ) : null}

        {canDelete ? (
          <Card>
            <CardHeader>
              <CardTitle>Delete file</CardTitle>
              <CardDescription>Removes the file and its bytes (unless another file has the same content). Files used by a run cannot be deleted.</CardDescription>
            </CardHeader>
            <CardFooter>
              <Form
                method="post"
                onSubmit={(event) => {
                  if (!window.confirm(`Delete ${file.name}? This cannot be undone.`)) event.preventDefault();
                }}
              >
                <input type="hidden" name="intent" value="delete" />
                <Button type="submit" variant="danger" disabled={busy}>
                  Delete file
                </Button>
              </Form>
            </CardFooter>
          </Card>
        ) : null}
      </div>
    </>
  );
}

type Schema = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["file"]["detectedSchema"]>;
type FileErrors = ReturnType<typeof useLoaderData<typeof loader>>["file"]["errors"];

function SchemaSkeleton() {
  return (
    <Card aria-hidden="true">
      <CardBody className="space-y-3">
        {[0, 1, 2, 3].map((row) => (
          <div key={row} className="h-6 animate-pulse rounded bg-slate-100" />
        ))}
      </CardBody>
    </Card>
  );
}

function LocatedErrors({ errors, total, status, rejected }: { errors: FileErrors; total: number; status: string; rejected: number }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{status === "failed" ? "Why the file failed" : "Rows left out"}</CardTitle>
        <CardDescription>
          {total > errors.length ? `The first ${errors.length} of ${formatCount(total)} problems.` : `${formatCount(total)} problem${total === 1 ? "" : "s"}.`}{" "}
          {status === "failed" ? "Fix the file, or change the policy or an override below to read it again." : `${formatCount(rejected)} rows were left out by the lenient policy.`}
        </CardDescription>
      </CardHeader>
      <Table containerClassName="rounded-none border-0 shadow-none">
        <TableCaption srOnly>Located errors</TableCaption>
        <THead>
          <TR>
            <TH>File</TH>
            <TH numeric>Line</TH>
            <TH numeric>Column</TH>
            <TH>Field</TH>
            <TH>Value</TH>
            <TH>Message</TH>
          </TR>
        </THead>
        <TBody>
          {errors.map((error, index) => (
            <TR key={index}>
              <TD className="max-w-[10rem] truncate text-slate-600">{error.file}</TD>
              <TD numeric>{error.line > 0 ? error.line : "—"}</TD>
              <TD numeric>{error.column ?? "—"}</TD>
              <TD className="font-mono text-xs">{error.field ?? "—"}</TD>
              <TD className="max-w-[12rem] truncate font-mono text-xs">{error.value ?? ""}</TD>
              <TD className="text-slate-800">{error.message}</TD>
            </TR>
          ))}
        </TBody>
      </Table>
    </Card>
  );
}

function describeAmount(amount: NonNullable<ColumnProfile["amount"]>): string {
  const thousands = amount.thousandsSeparator === "" ? "no" : amount.thousandsSeparator === " " ? "space" : `“${amount.thousandsSeparator}”`;
  const negative = { minus: "-1", parentheses: "(1)", trailingMinus: "1-", crdr: "CR/DR" }[amount.negative];
  return `decimal “${amount.decimalSeparator}”, ${thousands} thousands separator, negatives as ${negative}${amount.currencySymbol ? `, symbol ${amount.currencySymbol}` : ""}`;
}

function describeDate(date: NonNullable<ColumnProfile["date"]>): string {
  return `${date.pattern}${date.order ? ` (${date.order})` : ""}${date.timeZone ? ` in ${date.timeZone}` : ""}`;
}

function DetectedSchema({ schema, overrides }: { schema: Schema; overrides: DetectionOverrides }) {
  const overridden = new Set(Object.keys(overrides.columns ?? {}));
  return (
    <Card>
      <CardHeader>
        <CardTitle>Detected schema</CardTitle>
        <CardDescription>What detection decided and why, from {formatCount(schema.sampledRows)} sampled rows.</CardDescription>
      </CardHeader>
      <CardBody className="grid gap-x-6 gap-y-2 border-b border-slate-200 text-sm sm:grid-cols-2">
        <Fact label="Format" value={`${schema.format}${schema.compression === "gzip" ? " (gzip)" : ""}`} />
        <Fact label="Encoding" value={schema.encoding} evidence={schema.encodingEvidence} />
        {schema.delimiter !== undefined ? <Fact label="Delimiter" value={schema.delimiter === "\t" ? "tab" : `“${schema.delimiter}”`} evidence={schema.delimiterEvidence} /> : null}
        <Fact label="Header row" value={schema.format === "adapter" ? "the adapter's records" : schema.headerRow === 0 ? "object keys" : String(schema.headerRow)} evidence={schema.headerEvidence} />
        {schema.sheet ? <Fact label="Sheet" value={schema.sheet} evidence={schema.sheets ? `Sheets: ${schema.sheets.join(", ")}` : undefined} /> : null}
        {overrides.locale ? <Fact label="Locale (override)" value={overrides.locale} /> : null}
      </CardBody>
      {schema.warnings.length > 0 ? (
        <CardBody className="border-b border-slate-200">
          <Alert tone="warning" title="Warnings">
            <ul className="list-disc pl-5">
              {schema.warnings.map((warning, index) => (
                <li key={index}>{warning}</li>
              ))}
            </ul>
          </Alert>
        </CardBody>
      ) : null}
      <Table containerClassName="rounded-none border-0 shadow-none">
        <TableCaption srOnly>Columns and the evidence for their types</TableCaption>
        <THead>
          <TR>
            <TH>Column</TH>
            <TH>Type</TH>
            <TH numeric>Fit</TH>
            <TH numeric>Empty</TH>
            <TH>Details</TH>
            <TH>Evidence</TH>
          </TR>
        </THead>
        <TBody>
          {schema.columns.map((column) => {
            const nonNull = column.total - column.nullCount;
            return (
              <TR key={column.index}>
                <TD className="font-mono text-xs font-medium text-slate-900">{column.name}</TD>
                <TD>
                  <div className="flex flex-wrap items-center gap-1">
                    <Badge tone={column.type === "string" || column.type === "empty" ? "neutral" : "info"}>{column.type}</Badge>
                    {overridden.has(column.name) ? <Badge tone="warning">override</Badge> : null}
                    {column.ambiguous ? (
                      <Badge tone="warning" title="No sampled value proves the day/month order; the locale's default was used">
                        ambiguous
                      </Badge>
                    ) : null}
                  </div>
                </TD>
                <TD numeric className="whitespace-nowrap">
                  {column.fit}/{nonNull}
                </TD>
                <TD numeric>{column.nullCount}</TD>
                <TD className="text-xs text-slate-700">
                  {column.amount ? <div>{describeAmount(column.amount)}</div> : null}
                  {column.date ? <div>{describeDate(column.date)}</div> : null}
                  {column.misfits.length > 0 ? (
                    <div className="mt-0.5 text-red-700">
                      Misfits:{" "}
                      {column.misfits.map((misfit, index) => (
                        <code key={index} className="mr-1 rounded bg-red-50 px-1">
                          {misfit}
                        </code>
                      ))}
                    </div>
                  ) : null}
                </TD>
                <TD className="max-w-xs text-xs text-slate-600">{column.evidence}</TD>
              </TR>
            );
          })}
        </TBody>
      </Table>
    </Card>
  );
}

function Fact({ label, value, evidence }: { label: string; value: string; evidence?: string }) {
  return (
    <div>
      <span className="font-medium text-slate-900">{label}:</span> <span className="text-slate-700">{value}</span>
      {evidence ? <p className="text-xs text-slate-500">{evidence}</p> : null}
    </div>
  );
}

function OverrideForm({ schema, overrides, policy, busy, disabled }: { schema: Schema; overrides: DetectionOverrides; policy: string; busy: boolean; disabled: boolean }) {
  const [columnName, setColumnName] = useState(schema.columns[0]?.name ?? "");
  const column = schema.columns.find((candidate) => candidate.name === columnName);
  const [type, setType] = useState<ColumnType>(column?.type ?? "string");
  useEffect(() => {
    setType(column?.type ?? "string");
  }, [column?.type, columnName]);
  const amount = column?.amount;
  const date = column?.date;

  return (
    <Card>
      <CardHeader>
        <CardTitle>Correct the detection</CardTitle>
        <CardDescription>Override a column's type, number or date format, or the locale. The file is profiled again with your choice.</CardDescription>
      </CardHeader>
      <Form method="post" key={`${columnName}:${JSON.stringify(overrides)}`}>
        <input type="hidden" name="intent" value="override" />
        <CardBody className="grid gap-4 sm:grid-cols-3">
          <Field label="Column">
            <Select name="column" value={columnName} onChange={(event) => setColumnName(event.target.value)}>
              {schema.columns.map((candidate) => (
                <option key={candidate.index} value={candidate.name}>
                  {candidate.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Type">
            <Select name="type" value={type} onChange={(event) => setType(event.target.value as ColumnType)}>
              {TYPE_CHOICES.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {candidate}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Locale" hint="Decides ambiguous D/M dates, e.g. en-GB; empty: en-US.">
            <Input name="locale" defaultValue={overrides.locale ?? ""} maxLength={35} placeholder="en-US" />
          </Field>
          {type === "amount" ? (
            <>
              <Field label="Decimal separator">
                <Select name="decimalSeparator" defaultValue={amount?.decimalSeparator ?? "."}>
                  <option value=".">. (1,234.56)</option>
                  <option value=",">, (1.234,56)</option>
                </Select>
              </Field>
              <Field label="Thousands separator">
                <Select name="thousandsSeparator" defaultValue={amount ? ({ "": "none", " ": "space" } as Record<string, string>)[amount.thousandsSeparator] ?? amount.thousandsSeparator : "none"}>
                  <option value="none">none</option>
                  <option value=",">,</option>
                  <option value=".">.</option>
                  <option value="space">space</option>
                  <option value="'">'</option>
                </Select>
              </Field>
              <Field label="Negative amounts">
                <Select name="negative" defaultValue={amount?.negative ?? "minus"}>
                  <option value="minus">-1.00</option>
                  <option value="parentheses">(1.00)</option>
                  <option value="trailingMinus">1.00-</option>
                  <option value="crdr">CR / DR suffix</option>
                </Select>
              </Field>
            </>
          ) : null}
          {type === "date" || type === "datetime" ? (
            <>
              <Field label="Date format" hint="Tokens yyyy MM dd HH mm ss xx MMM, or iso.">
                <Input name="datePattern" defaultValue={date?.pattern ?? (type === "date" ? "yyyy-MM-dd" : "iso")} maxLength={64} />
              </Field>
              <Field label="Day/month order">
                <Select name="dateOrder" defaultValue={date?.order ?? ""}>
                  <option value="">From the format</option>
                  <option value="DMY">Day, month, year</option>
                  <option value="MDY">Month, day, year</option>
                  <option value="YMD">Year, month, day</option>
                </Select>
              </Field>
              <Field label="Time zone" hint="IANA zone for times without an offset.">
                <Input name="timeZone" defaultValue={date?.timeZone ?? ""} maxLength={64} placeholder="UTC" />
              </Field>
            </>
          ) : null}
        </CardBody>
        <CardFooter className="justify-between">
          <span className="text-xs text-slate-500">{disabled ? "Profiling is under way; overrides can be changed once it finishes." : null}</span>
          <Button type="submit" disabled={busy || disabled}>
            Apply and re-profile
          </Button>
        </CardFooter>
      </Form>
      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-6 py-3">
        <Form method="post" className="flex items-end gap-2">
          <input type="hidden" name="intent" value="policy" />
          <Field label="Policy">
            <Select name="policy" defaultValue={policy} className="w-40">
              <option value="strict">Strict</option>
              <option value="lenient">Lenient</option>
            </Select>
          </Field>
          <Button type="submit" variant="secondary" disabled={busy || disabled}>
            Change policy
          </Button>
        </Form>
        {Object.keys(overrides).length > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="reset" />
            <Button type="submit" variant="ghost" disabled={busy || disabled}>
              Clear all overrides
            </Button>
          </Form>
        ) : null}
      </div>
    </Card>
  );
}

type Preview = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["preview"]>;

function PreviewTable({ preview, markedLine }: { preview: Preview; markedLine: number | null }) {
  if (preview.rows.length === 0) {
    return <CardBody className="text-sm text-slate-600">The file has a header but no data rows.</CardBody>;
  }
  return (
    // Focusable so keyboard users can scroll a wide preview too.
    <div className="max-h-[32rem] overflow-auto focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500" tabIndex={0} role="region" aria-label="Preview rows">
    <table className="min-w-full divide-y divide-slate-200 text-left text-xs tabular-nums">
      <TableCaption srOnly>First rows, raw and normalized, with their line numbers</TableCaption>
      <THead>
        <TR>
          <TH numeric className="sticky left-0 bg-slate-50">
            Line
          </TH>
          {preview.columns.map((column) => (
            <TH key={column} className="whitespace-nowrap font-mono">
              {column}
            </TH>
          ))}
        </TR>
      </THead>
      <TBody>
        {preview.rows.map((row) => (
          <TR key={row.line} id={`line-${row.line}`} aria-current={row.line === markedLine ? "location" : undefined} className={row.line === markedLine ? "bg-amber-50" : undefined}>
            <TD numeric className={row.line === markedLine ? "sticky left-0 bg-amber-100 font-semibold text-slate-900" : "sticky left-0 bg-white text-slate-500"}>
              {row.line}
            </TD>
            {preview.columns.map((column) => {
              const cell = row.values[column];
              if (!cell) return <TD key={column} />;
              const normalized = cell.value === null ? "" : String(cell.value);
              const differs = cell.raw !== null && normalized !== cell.raw;
              return (
                <TD key={column} className={cell.error ? "bg-red-50" : undefined} title={cell.error}>
                  <div className="whitespace-nowrap font-mono text-slate-900">{cell.value === null ? <span className="text-slate-500">null</span> : normalized}</div>
                  {differs ? <div className="whitespace-nowrap font-mono text-[11px] text-slate-500">raw: {cell.raw}</div> : null}
                  {cell.error ? <div className="whitespace-nowrap text-[11px] text-red-700">{cell.error}</div> : null}
                </TD>
              );
            })}
          </TR>
        ))}
      </TBody>
    </table>
    </div>
  );
}
