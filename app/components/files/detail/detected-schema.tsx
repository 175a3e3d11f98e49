import { formatCount } from "~/components/format";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import type { ColumnProfile, DetectionOverrides } from "~/core/ingest";
import type { Schema } from "./file-detail-data";

/** While profiling runs: the schema card's shape, so nothing jumps when it arrives. */
export function SchemaSkeleton() {
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

function describeAmount(amount: NonNullable<ColumnProfile["amount"]>): string {
  const thousands = amount.thousandsSeparator === "" ? "no" : amount.thousandsSeparator === " " ? "space" : `“${amount.thousandsSeparator}”`;
  const negative = { minus: "-1", parentheses: "(1)", trailingMinus: "1-", crdr: "CR/DR" }[amount.negative];
  return `decimal “${amount.decimalSeparator}”, ${thousands} thousands separator, negatives as ${negative}${amount.currencySymbol ? `, symbol ${amount.currencySymbol}` : ""}`;
}

function describeDate(date: NonNullable<ColumnProfile["date"]>): string {
  return `${date.pattern}${date.order ? ` (${date.order})` : ""}${date.timeZone ? ` in ${date.timeZone}` : ""}`;
}

export function DetectedSchema({ schema, overrides }: { schema: Schema; overrides: DetectionOverrides }) {
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

