import { useState } from "react";
import { Button } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { errorsUnder, fieldsOf, SIDES, type Draft, type FieldErrors, type Side } from "./draft";
import type { SuggestionView, WizardFile } from "./types";
import { MappingCell } from "./mapping-cell";
import { SidePreparation } from "./side-preparation";

/**
 * One row per field (the canonical ones, then any other the suggestion
 * mapped), one cell per file: where the value comes from and the steps that
 * turn it into what the engine compares.
 */
export function MappingStep({
  draft,
  onChange,
  files,
  canonicalFields,
  suggestion,
  errors,
}: {
  draft: Draft;
  onChange: (next: Draft) => void;
  files: Record<Side, WizardFile>;
  canonicalFields: string[];
  suggestion: SuggestionView | null;
  errors: FieldErrors;
}) {
  const [customField, setCustomField] = useState("");
  const [customFields, setCustomFields] = useState<string[]>([]);
  const fields = [...new Set([...fieldsOf(draft, canonicalFields), ...customFields])];
  const sideErrors = SIDES.flatMap((side) => errorsUnder(errors, `definition/${side}`).filter(([pointer]) => !/\/mappings\/\d+/.test(pointer)));
  const validCustom = /^[A-Za-z_][A-Za-z0-9_]*$/.test(customField) && !fields.includes(customField);

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600">
        Each field the rules compare needs a column on both sides. The suggestions come from the column names, their detected types and how many
        values the two files share; change any of them.
      </p>
      {sideErrors.length > 0 ? (
        <ul className="list-disc space-y-0.5 rounded-md border border-red-200 bg-red-50 py-2 pl-8 pr-3 text-sm text-red-800" role="alert">
          {sideErrors.map(([pointer, message]) => (
            <li key={pointer}>
              <span className="font-mono text-xs">/{pointer}</span>: {message}
            </li>
          ))}
        </ul>
      ) : null}
      <Table>
        <TableCaption srOnly>Field mappings: the column each field comes from in the source and target files</TableCaption>
        <THead>
          <TR>
            <TH className="w-36">Field</TH>
            <TH>
              Source: <span className="font-normal normal-case">{files.source.name}</span>
            </TH>
            <TH>
              Target: <span className="font-normal normal-case">{files.target.name}</span>
            </TH>
          </TR>
        </THead>
        <TBody>
          {fields.map((field) => (
            <TR key={field} data-testid={`mapping-${field}`}>
              <TH scope="row" className="align-top font-mono text-xs normal-case text-slate-800">
                {field}
                {!canonicalFields.includes(field) ? <span className="mt-0.5 block font-sans text-[11px] font-normal text-slate-500">custom</span> : null}
              </TH>
              {SIDES.map((side) => (
                <TD key={side} className="min-w-[18rem] align-top">
                  <MappingCell
                    draft={draft}
                    side={side}
                    field={field}
                    columns={files[side].columns}
                    suggested={suggestion?.[side].mappings.find((mapping) => mapping.field === field) ?? null}
                    errors={errors}
                    onChange={onChange}
                  />
                </TD>
              ))}
            </TR>
          ))}
        </TBody>
      </Table>
      <div className="flex flex-wrap items-end gap-2">
        <div className="w-56">
          <label htmlFor="quick-run-custom-field" className="mb-1 block text-xs font-medium text-slate-600">
            Another field to map
          </label>
          <Input id="quick-run-custom-field" value={customField} placeholder="e.g. email" onChange={(event) => setCustomField(event.target.value.trim())} />
        </div>
        <Button
          type="button"
          variant="secondary"
          disabled={!validCustom}
          onClick={() => {
            setCustomFields((current) => [...current, customField]);
            setCustomField("");
          }}
        >
          Add field
        </Button>
      </div>
      <SidePreparation draft={draft} onChange={onChange} files={files} suggestion={suggestion} errors={errors} />
      {suggestion ? <UnmappedColumns suggestion={suggestion} files={files} /> : null}
    </div>
  );
}

function UnmappedColumns({ suggestion, files }: { suggestion: SuggestionView; files: Record<Side, WizardFile> }) {
  const total = suggestion.source.unmapped.length + suggestion.target.unmapped.length;
  if (total === 0) return null;
  return (
    <details className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
      <summary className="cursor-pointer font-medium text-slate-800">Columns the suggestion left unmapped ({total})</summary>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        {SIDES.map((side) => (
          <div key={side}>
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{files[side].name}</h3>
            <ul className="mt-1 space-y-1">
              {suggestion[side].unmapped.map((column) => (
                <li key={column.column}>
                  <span className="font-mono text-xs text-slate-800">{column.column}</span>
                  <span className="text-slate-600">: {column.because}</span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </details>
  );
}
