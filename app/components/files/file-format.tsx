import { Form, useFetcher } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { Select } from "~/components/ui/select";
import type { FileFormat } from "~/core/adapters/file-format";
import { CANONICAL_SCHEMAS, type CanonicalSchemaId } from "~/core/canonical/schemas";

/** A file's format as the pages get it: with the canonical records it delivers, when the loader knows (an adapter's). */
export type FileFormatView = FileFormat & { canonicalSchema?: CanonicalSchemaId | null };

/** "bank statement lines": what a canonical schema's records are called in a sentence. */
export function canonicalRecordsLabel(schema: CanonicalSchemaId): string {
  return `${CANONICAL_SCHEMAS[schema].title.toLowerCase()}s`;
}

/**
 * How the file is read, as a badge: "Recognized: PayPal Settlement report (STL)",
 * "Recognized: Sparkasse export → bank statement lines", the format a person
 * chose, or nothing for a plain table.
 */
/** A format's title can be longer than a phone is wide: this badge wraps, unlike the others. */
const WRAP = "!whitespace-normal";

export function FileFormatBadge({ format }: { format: FileFormatView | null }) {
  if (!format?.adapter && !format?.mapping) return format?.overridden ? <Badge tone="neutral">Plain table (chosen)</Badge> : null;
  const schema = format.canonicalSchema ?? format.mapping?.schema ?? null;
  const delivers = schema ? ` → ${canonicalRecordsLabel(schema)}` : "";
  if (format.overridden) {
    return (
      <Badge tone="info" title={format.evidence} className={WRAP}>
        Read as: {format.title}
        {delivers}
      </Badge>
    );
  }
  const confidence = format.confidence === null ? "" : ` (confidence ${Math.round(format.confidence * 100)}%)`;
  return (
    <Badge tone="info" title={`${format.evidence}${confidence}`} className={WRAP}>
      Recognized: {format.title}
      {delivers}
    </Badge>
  );
}

export interface MappingChoice {
  id: string;
  name: string;
  schema: CanonicalSchemaId;
}

export interface AdapterChoice {
  name: string;
  title: string;
}

/** The value the select posts: an adapter's name, "mapping:<id>", "plain" for a plain table, or "auto" to let recognition decide. */
export function formatSelectValue(format: FileFormat | null): string {
  if (!format?.overridden) return "auto";
  if (format.mapping) return `mapping:${format.mapping.id}`;
  return format.adapter ?? "plain";
}

/** The file page's format card: what was recognized and why, and a select to read the file another way (it is profiled again). */
export function FileFormatForm({ format, adapters, mappings, busy, disabled }: { format: FileFormat | null; adapters: AdapterChoice[]; mappings: MappingChoice[]; busy: boolean; disabled: boolean }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Format</CardTitle>
        <CardDescription>{format ? format.evidence : "Not profiled yet."}</CardDescription>
      </CardHeader>
      <CardBody>
        <Form method="post" className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="format" />
          <div>
            <label htmlFor="file-format" className="mb-1 block text-xs font-medium text-slate-600">
              Read this file as
            </label>
            <Select id="file-format" name="adapter" defaultValue={formatSelectValue(format)} key={formatSelectValue(format)} disabled={disabled}>
              <option value="auto">Recognize automatically</option>
              <option value="plain">Plain table (CSV, XLSX, JSON)</option>
              {adapters.map((adapter) => (
                <option key={adapter.name} value={adapter.name}>
                  {adapter.title}
                </option>
              ))}
              {mappings.map((mapping) => (
                <option key={mapping.id} value={`mapping:${mapping.id}`}>
                  Column mapping: {mapping.name} → {canonicalRecordsLabel(mapping.schema)}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit" variant="secondary" disabled={busy || disabled}>
            Read again
          </Button>
        </Form>
      </CardBody>
    </Card>
  );
}

/**
 * A compact select for a file in a list (Quick Run's pickers): choosing posts
 * intent "format" with the file's id to `action`, and the file is profiled
 * again under the new format.
 */
export function FileFormatSelect({ fileId, fileName, format, adapters, action, disabled }: { fileId: string; fileName: string; format: FileFormat | null; adapters: AdapterChoice[]; action: string; disabled: boolean }) {
  const fetcher = useFetcher();
  const value = formatSelectValue(format);
  return (
    <fetcher.Form method="post" action={action} className="mt-1">
      <input type="hidden" name="intent" value="format" />
      <input type="hidden" name="fileId" value={fileId} />
      <Select
        name="adapter"
        key={value}
        defaultValue={value}
        disabled={disabled || fetcher.state !== "idle"}
        aria-label={`Read ${fileName} as`}
        className="h-8 py-0 text-xs"
        onChange={(event) => fetcher.submit(event.currentTarget.form)}
      >
        <option value="auto">{format?.adapter && !format.overridden ? `Recognized: ${format.title}` : "Recognize automatically"}</option>
        <option value="plain">Plain table</option>
        {adapters.map((adapter) => (
          <option key={adapter.name} value={adapter.name}>
            {adapter.title}
          </option>
        ))}
      </Select>
    </fetcher.Form>
  );
}
