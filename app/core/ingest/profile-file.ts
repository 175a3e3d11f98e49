import { unknownOverrideColumns } from "./columns";
import { profileDelimited } from "./delimited/ingest-delimited";
import { decodeSample, detectEncoding, formatBytes } from "./encoding";
import { fileError } from "./errors";
import { detectJsonFormat, profileJson } from "./json/ingest-json";
import { SAMPLE_BYTES, SAMPLE_ROWS, decompressed, isGzip, isOle2, isZip, peekBytes, readPrefix } from "./source";
import type { ByteSource, DetectionOverrides, FileProfile } from "./types";
import { assertCutRecordWithinLimits } from "./sample-limits";
import { profileXlsx } from "./xlsx/ingest-xlsx";
import { assertZipInflationWithinLimit } from "./xlsx/zip-inflation";

/** The issue's default; evidence always names the locale used so a user knows what to override. */
export const DEFAULT_LOCALE = "en-US";

/**
 * Detects how to read a file from a bounded sample: compression (by magic
 * bytes), format, encoding, delimiter, header row, and column types, each
 * with the evidence for it. Overrides replace the detected value and the
 * rest is detected around them (a new header row means new columns).
 */
export async function profileFile(open: ByteSource, fileName: string, overrides: DetectionOverrides = {}): Promise<FileProfile> {
  const locale = overrides.locale ?? DEFAULT_LOCALE;
  const compression = isGzip(await peekBytes(open(), 2)) ? "gzip" : "none";
  const prefix = await readPrefix(decompressed(open(), fileName), SAMPLE_BYTES);
  if (prefix.bytes.length === 0) throw fileError(fileName, "the file is empty");
  if (isOle2(prefix.bytes)) throw fileError(fileName, "a legacy .xls workbook is not supported; save it as .xlsx or CSV");

  if (isZip(prefix.bytes)) {
    const warnings = overrides.encoding === undefined ? [] : ["the encoding override does not apply to XLSX, whose text is always UTF-8"];
    await assertZipInflationWithinLimit(open, fileName);
    const xlsx = await profileXlsx(open, fileName, overrides, locale);
    return {
      format: "xlsx",
      compression,
      encoding: "utf-8",
      encodingEvidence: "utf-8: XLSX stores its text as UTF-8 XML",
      ...xlsx,
      warnings: [...warnings, ...xlsx.warnings, ...overrideWarnings(xlsx.columns.map((c) => c.name), overrides)],
    };
  }

  const detected = detectEncoding(prefix.bytes, prefix.complete, overrides.encoding, fileName);
  const text = decodeSample(prefix.bytes, detected.encoding, prefix.complete);
  const scope = `sample: ${prefix.complete ? "the whole file" : `the first ${formatBytes(prefix.bytes.length)}`}, up to ${SAMPLE_ROWS.toLocaleString("en-US")} rows`;
  const sample = { text, complete: prefix.complete, scope };
  const base = { compression, encoding: detected.encoding, encodingEvidence: detected.evidence } as const;

  const jsonFormat = detectJsonFormat(text);
  if (jsonFormat) {
    const json = profileJson(text, prefix.complete, scope, jsonFormat, fileName, overrides, locale);
    return { format: jsonFormat, ...base, ...json, warnings: [...detected.warnings, ...json.warnings, ...overrideWarnings(json.columns.map((c) => c.name), overrides)] };
  }
  // JSON records are checked by their splitters (a minified array is one long line, legitimately).
  if (!prefix.complete) await assertCutRecordWithinLimits(open, fileName, prefix.bytes, overrides.delimiter);
  const delimited = profileDelimited(sample, fileName, overrides, locale);
  return {
    format: "csv",
    ...base,
    ...delimited,
    warnings: [...detected.warnings, ...delimited.warnings, ...overrideWarnings(delimited.columns.map((c) => c.name), overrides)],
  };
}

function overrideWarnings(columns: readonly string[], overrides: DetectionOverrides): string[] {
  return unknownOverrideColumns(columns, overrides.columns).map((name) => `the override for column "${name}" matches no column`);
}
