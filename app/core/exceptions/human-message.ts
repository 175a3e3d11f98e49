/**
 * Exception messages in a person's words (issue #20 §3): "shop_orders.csv
 * line 66 has no counterpart in stripe_balance.csv", never
 * "Source row file_01M97…:66 has no target counterpart".
 *
 * The engine is pure and knows rows only by provenance (a source id and a
 * line), so its messages carry ids. The words are put in when a message is
 * read, from the exception's structured rows and the names of the files its
 * step read: every stored exception reads well, old rows included, and the
 * ids stay in the structured fields (the drawer's provenance, copy buttons).
 */

export interface RowPlace {
  sourceId: string;
  line: number;
}

export interface MessageSubject {
  type: string;
  /** The engine's message, as stored. */
  message: string;
  sourceRows: readonly RowPlace[];
  targetRows: readonly RowPlace[];
}

export interface MessageNames {
  /** File names by file id, for the files the rows came from. */
  fileNames: ReadonlyMap<string, string>;
  /** What each side of the step read, in words ("stripe_balance.csv"); null when unknown. */
  sides: { source: string | null; target: string | null };
}

/** A file id no name was found for (its file was deleted): said as such, not spelled out. */
const UNNAMED_FILE = "a file no longer stored";

/** Provenance as the engine writes it: `<source id>:<line>`. Ids are prefixed tokens without spaces or colons. */
const PROVENANCE = /\b([A-Za-z][A-Za-z0-9]*_[0-9A-Za-z]+):(\d+)\b/g;

/** "shop_orders.csv line 66". */
export function placeOf(row: RowPlace, fileNames: ReadonlyMap<string, string>): string {
  return `${fileNames.get(row.sourceId) ?? UNNAMED_FILE} line ${row.line}`;
}

/** "shop_orders.csv lines 4, 9 and 12" for several rows of one file; each file named once. */
export function placesOf(rows: readonly RowPlace[], fileNames: ReadonlyMap<string, string>): string {
  const byFile = new Map<string, number[]>();
  for (const row of rows) {
    const name = fileNames.get(row.sourceId) ?? UNNAMED_FILE;
    byFile.set(name, [...(byFile.get(name) ?? []), row.line]);
  }
  return [...byFile]
    .map(([name, lines]) => {
      const sorted = [...lines].sort((a, b) => a - b).map(String);
      return sorted.length === 1 ? `${name} line ${sorted[0]}` : `${name} lines ${sorted.slice(0, -1).join(", ")} and ${sorted.at(-1)}`;
    })
    .join("; ");
}

/**
 * The message a person reads. Missing rows get the sentence the issue asks
 * for; every other message keeps the engine's wording with each
 * `<id>:<line>` turned into "<file name> line <n>", so a rule's explanation
 * (which fields differed, which key was shared) is not lost.
 */
export function humanExceptionMessage(subject: MessageSubject, names: MessageNames): string {
  const lone = subject.sourceRows.length + subject.targetRows.length === 1;
  if (lone && subject.type === "MISSING_IN_TARGET" && subject.sourceRows.length === 1) {
    return `${placeOf(subject.sourceRows[0]!, names.fileNames)} has no counterpart in ${names.sides.target ?? "the target"}`;
  }
  if (lone && subject.type === "MISSING_IN_SOURCE" && subject.targetRows.length === 1) {
    return `${placeOf(subject.targetRows[0]!, names.fileNames)} has no counterpart in ${names.sides.source ?? "the source"}`;
  }
  return humanizeProvenance(subject.message, names.fileNames);
}

/** The engine's wording, with ids turned into file names and lines ("Source row " dropped: the file says which side). */
export function humanizeProvenance(message: string, fileNames: ReadonlyMap<string, string>): string {
  return message
    .replace(/^(Source|Target) row (?=[A-Za-z][A-Za-z0-9]*_[0-9A-Za-z]+:\d)/, "")
    .replace(/ repeats row (?=[A-Za-z][A-Za-z0-9]*_[0-9A-Za-z]+:\d)/, " repeats ")
    .replace(PROVENANCE, (whole, id: string, line: string) => {
      const name = fileNames.get(id);
      if (name !== undefined) return `${name} line ${line}`;
      // Only file-like ids are provenance; other `word_x:1` text (a key value) stays as written.
      return id.startsWith("file_") ? `${UNNAMED_FILE} line ${line}` : whole;
    });
}

/**
 * What a step input read, in words: an upload by its file name; an upstream
 * step's leftovers by that step ("the rows step orders_charges left
 * unmatched"), since its artifact's file name is machine-made.
 */
export function sideName(input: { kind: string; fileName: string } | null | undefined, runId: string): string | null {
  if (!input) return null;
  if (!input.kind.startsWith("STEP_OUTPUT_")) return input.fileName;
  // Artifact files are named `<run id>-<step key>-<suffix>.csv.gz` (step-artifacts.ts).
  const upstream = input.fileName.startsWith(`${runId}-`) ? input.fileName.slice(runId.length + 1).replace(/-[a-z_]+\.csv\.gz$/, "") : null;
  const step = upstream ? `step ${upstream}` : "the step before";
  if (input.kind === "STEP_OUTPUT_MATCHED") return `the rows ${step} matched`;
  return `the rows ${step} left unmatched`;
}
