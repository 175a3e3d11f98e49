import { getAdapter } from "~/core/adapters";
import { isAcceptedFileKind } from "./parameter-types";
import { TYPED_PARAMETER_TYPES, type PackManifest, type PackParameter } from "./pack-schema";
import { escapePointer, fieldUnitAt, findPlaceholders, type LocatedProblem } from "./parameters";

/**
 * Manifest versions. Version 1 (no `manifestVersion`) asks money as integer
 * minor units and rates as integer basis points: `100000` for $1,000.00.
 * Version 2 adds typed parameters (money, duration, percentage, fileInput)
 * and the `{{params.x.part}}` placeholder forms, and drops the integer forms
 * where a typed one says what is meant.
 *
 * A version 1 pack loads unchanged. A pack mixing the versions gets one
 * located message per place, saying what to write instead, so moving a pack
 * to version 2 is a matter of following the messages.
 */
export function manifestVersionOf(manifest: Pick<PackManifest, "manifestVersion">): 1 | 2 {
  return manifest.manifestVersion ?? 1;
}

const V2_ONLY_PARAMETER_KEYS = ["currencyFrom", "input", "accepts"] as const;

/** Where the pack uses a form its manifest version does not have. */
export function findVersionProblems(manifest: PackManifest): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const placeholders = [...findPlaceholders(manifest.ruleSets, "/ruleSets"), ...findPlaceholders(manifest.streams, "/streams")];
  if (manifestVersionOf(manifest) === 1) {
    const addVersion = 'add "manifestVersion": 2 at the top of the manifest';
    for (const [name, parameter] of Object.entries(manifest.parameters)) {
      const at = `/parameters/${escapePointer(name)}`;
      if ((TYPED_PARAMETER_TYPES as readonly string[]).includes(parameter.type)) problems.push({ pointer: `${at}/type`, message: `'${parameter.type}' parameters are manifest version 2: ${addVersion}` });
      for (const v2Key of V2_ONLY_PARAMETER_KEYS) {
        if (parameter[v2Key] !== undefined) problems.push({ pointer: `${at}/${v2Key}`, message: `'${v2Key}' is manifest version 2: ${addVersion}` });
      }
    }
    for (const placeholder of placeholders) {
      if (placeholder.part !== undefined) problems.push({ pointer: placeholder.pointer, message: `{{params.${placeholder.name}.${placeholder.part}}} is a manifest version 2 form: ${addVersion}` });
    }
    return problems;
  }
  // Version 2: an integer or number standing for money or a rate is the version 1 form.
  for (const placeholder of placeholders) {
    const parameter = manifest.parameters[placeholder.name];
    if (!parameter || (parameter.type !== "integer" && parameter.type !== "number") || placeholder.part !== undefined) continue;
    const unit = fieldUnitAt(placeholder.pointer);
    const field = placeholder.pointer.slice(placeholder.pointer.lastIndexOf("/") + 1);
    // toleranceMinor also holds quantity tolerances (a count of units), so only severity thresholds are always money.
    if (field === "overMinor") problems.push({ pointer: placeholder.pointer, message: moneyMigration(placeholder.name, parameter) });
    else if (unit === "basisPoints") problems.push({ pointer: placeholder.pointer, message: percentageMigration(placeholder.name, parameter) });
  }
  return problems;
}

function moneyMigration(name: string, parameter: PackParameter): string {
  const example = typeof parameter.default === "number" && Number.isSafeInteger(parameter.default) ? majorUnitsOf(parameter.default, 2) : "1000.00";
  return (
    `${name} is an integer in minor units, the manifest version 1 form: in version 2 declare it as money, ` +
    `{ "type": "money", "currencyFrom": "<the pack's currency parameter>", "default": { "amount": "${example}" } } ` +
    `(or with "currency" in the default), and keep "{{params.${name}}}" here: it becomes the exact minor units`
  );
}

function percentageMigration(name: string, parameter: PackParameter): string {
  const example = typeof parameter.default === "number" && Number.isSafeInteger(parameter.default) ? majorUnitsOf(parameter.default, 2) : "1.5";
  return `${name} is an integer in basis points, the manifest version 1 form: in version 2 declare it { "type": "percentage", "default": "${example}" } (percent text) and keep "{{params.${name}}}" here: it becomes basis points`;
}

/** Integer hundredths as decimal text, exactly: 100000 → "1000.00", 250 → "2.50". */
function majorUnitsOf(hundredths: number, digits: number): string {
  const sign = hundredths < 0 ? "-" : "";
  const text = String(Math.abs(hundredths)).padStart(digits + 1, "0");
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** What a typed parameter's declaration needs besides its shape: a default, a currency source, a real input and file kinds. */
export function findParameterDeclarationProblems(manifest: PackManifest): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  for (const [name, parameter] of Object.entries(manifest.parameters)) {
    const at = `/parameters/${escapePointer(name)}`;
    // Version 1 types ignored keys that did not apply to them; typed ones say so, since a bound that is silently ignored misleads.
    if ((TYPED_PARAMETER_TYPES as readonly string[]).includes(parameter.type)) {
      for (const plainKey of ["minimum", "maximum", "options", "pattern"] as const) {
        if (parameter[plainKey] !== undefined) problems.push({ pointer: `${at}/${plainKey}`, message: `a ${parameter.type} parameter takes no ${plainKey}` });
      }
    }
    if (parameter.type === "fileInput") {
      problems.push(...fileInputProblems(manifest, parameter, at));
      continue;
    }
    if (parameter.default === undefined) problems.push({ pointer: at, message: `a ${parameter.type} parameter has a default` });
    if (parameter.type !== "money" && parameter.currencyFrom !== undefined) problems.push({ pointer: `${at}/currencyFrom`, message: "only a money parameter takes currencyFrom" });
    for (const fileKey of ["input", "accepts"] as const) {
      if (parameter[fileKey] !== undefined) problems.push({ pointer: `${at}/${fileKey}`, message: `only a fileInput parameter takes ${fileKey}` });
    }
    if (parameter.type === "money" && parameter.currencyFrom !== undefined) {
      const source = manifest.parameters[parameter.currencyFrom];
      if (source?.type !== "currency") problems.push({ pointer: `${at}/currencyFrom`, message: `names no currency parameter of the pack ('${parameter.currencyFrom}')` });
    }
  }
  return problems;
}

function fileInputProblems(manifest: PackManifest, parameter: PackParameter, at: string): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  if (parameter.default !== undefined) problems.push({ pointer: `${at}/default`, message: "a fileInput has no default: its file is chosen when a run starts" });
  if (parameter.input === undefined) problems.push({ pointer: at, message: "a fileInput names the pack input it describes in 'input'" });
  else if (!(parameter.input in manifest.inputs)) problems.push({ pointer: `${at}/input`, message: `no input '${parameter.input}' in the pack's inputs` });
  if (parameter.accepts === undefined) problems.push({ pointer: at, message: "a fileInput lists what a run's file may be in 'accepts': canonical schemas (bank_statement_line…) or adapters" });
  parameter.accepts?.forEach((kind, index) => {
    if (!isAcceptedFileKind(kind, (adapter) => getAdapter(adapter) !== undefined)) problems.push({ pointer: `${at}/accepts/${index}`, message: `'${kind}' is neither a canonical schema nor a format adapter` });
  });
  const input = parameter.input === undefined ? undefined : manifest.inputs[parameter.input];
  if (input?.accepts !== undefined && parameter.accepts !== undefined && !parameter.accepts.includes(input.accepts)) {
    problems.push({ pointer: `${at}/accepts`, message: `input '${parameter.input}' accepts ${input.accepts}; list it here too` });
  }
  return problems;
}
