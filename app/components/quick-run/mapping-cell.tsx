import { Badge } from "~/components/ui/badge";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { errorsUnder, mappingOf, originOf, setOrigin, setTransforms, type Draft, type FieldErrors, type FileColumn, type Side } from "./draft";
import { TransformEditor } from "./transform-editor";
import type { SuggestionView } from "./types";

export function MappingCell({
  draft,
  side,
  field,
  columns,
  suggested,
  errors,
  onChange,
}: {
  draft: Draft;
  side: Side;
  field: string;
  columns: FileColumn[];
  suggested: SuggestionView["source"]["mappings"][number] | null;
  errors: FieldErrors;
  onChange: (next: Draft) => void;
}) {
  const found = mappingOf(draft, side, field);
  const origin = originOf(found?.mapping);
  const describedAs = `${side} ${field}`;
  const cellErrors = found ? errorsUnder(errors, `definition/${side}/mappings/${found.index}`) : [];
  const value = origin.kind === "column" ? `column:${origin.column}` : origin.kind === "constant" ? "constant" : origin.kind === "computed" ? "computed" : "";
  const stillSuggested = suggested && origin.kind === "column" && origin.column === suggested.column;
  const errorId = `mapping-${side}-${field}-error`;

  return (
    <div className="space-y-1.5">
      <Select
        aria-label={`${side === "source" ? "Source" : "Target"} column for ${field}`}
        value={value}
        aria-invalid={cellErrors.length > 0 || undefined}
        aria-describedby={cellErrors.length > 0 ? errorId : undefined}
        onChange={(event) => {
          const chosen = event.target.value;
          if (chosen === "") onChange(setOrigin(draft, side, field, { kind: "none" }, columns));
          else if (chosen === "constant") onChange(setOrigin(draft, side, field, { kind: "constant", value: "" }, columns));
          else if (chosen.startsWith("column:")) onChange(setOrigin(draft, side, field, { kind: "column", column: chosen.slice("column:".length) }, columns));
        }}
      >
        <option value="">Not mapped</option>
        {columns.map((column) => (
          <option key={column.name} value={`column:${column.name}`}>
            {column.name} ({column.type})
          </option>
        ))}
        <option value="constant">A fixed value…</option>
        {origin.kind === "computed" ? <option value="computed">Computed ({origin.op})</option> : null}
      </Select>
      {origin.kind === "constant" ? (
        <Input
          aria-label={`Fixed value for ${describedAs}`}
          value={origin.value}
          placeholder="e.g. USD"
          onChange={(event) => onChange(setOrigin(draft, side, field, { kind: "constant", value: event.target.value }, columns))}
        />
      ) : null}
      {found && origin.kind !== "none" ? (
        <TransformEditor
          transforms={found.mapping.transforms ?? []}
          describedAs={describedAs}
          invalid={cellErrors.length > 0}
          onChange={(transforms) => onChange(setTransforms(draft, side, field, transforms))}
        />
      ) : null}
      {stillSuggested ? (
        <details className="text-xs text-slate-600">
          <summary className="cursor-pointer">
            <Badge tone={suggested.confidence >= 0.7 ? "success" : suggested.confidence >= 0.4 ? "info" : "warning"}>Suggested · {Math.round(suggested.confidence * 100)}%</Badge>
          </summary>
          <p className="mt-1">{suggested.because}</p>
        </details>
      ) : null}
      {cellErrors.length > 0 ? (
        <ul id={errorId} className="space-y-0.5 text-xs text-red-700">
          {cellErrors.map(([pointer, message]) => (
            <li key={pointer}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
