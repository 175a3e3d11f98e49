/**
 * Structured :86: "information to account owner", as the two families of
 * banks write it. The raw :86: column always stays; these are extra columns.
 *
 * German banks (DFÜ-Abkommen / DK "Spezifikation der Datenformate", MT940
 * Feld 86): a 3-digit Geschäftsvorfallcode (GVC), then a separator
 * character (usually "?", declared by its use right after the code) and
 * two-digit subfields: ?00 posting text, ?10 primanota, ?20–?29 and ?60–?63
 * purpose (Verwendungszweck), ?30 bank code (BLZ) or BIC, ?31 account number
 * or IBAN, ?32–?33 counterparty name, ?34 text key addition. A SEPA purpose
 * carries keywords: EREF+ end-to-end id, MREF+ mandate, CRED+ creditor id,
 * SVWZ+ the remittance text.
 *
 * Dutch banks and the SWIFT-tag style (Rabobank, ING, ABN AMRO, SEPA
 * usage rules): `/CODE/value` pairs: /EREF/, /REMI/ (USTD// unstructured or
 * STRD/ structured), /NAME/, /IBAN/, /BIC/, /ORDP/ and /BENM/ (ordering party
 * and beneficiary, followed by their /NAME/ /ID/ …), /MARF/ mandate, /CSID/
 * creditor id, /TRCD/ transaction code, /PREF/ payment information id,
 * /RTRN/ return reason, ING's /CNTP/iban/bic/name/city/.
 *
 * Lines are cut at 65 characters, often mid-value, so they are joined with
 * nothing before parsing.
 */

export const INFORMATION_COLUMNS = [
  ":86:gvc",
  ":86:posting_text",
  ":86:primanota",
  ":86:purpose",
  ":86:counterparty_bic",
  ":86:counterparty_iban",
  ":86:counterparty_name",
  ":86:text_key_addition",
  ":86:end_to_end_id",
  ":86:mandate_reference",
  ":86:creditor_id",
  ":86:transaction_code",
  ":86:payment_reference",
  ":86:return_reason",
] as const;

export type InformationColumn = (typeof INFORMATION_COLUMNS)[number];

export interface Information {
  columns: Partial<Record<InformationColumn, string>>;
  /** The remittance text: the SEPA SVWZ+ or /REMI/ text, else the purpose (else a German posting text), else the joined lines. */
  remittance: string | null;
}

export function informationOf(lines: readonly string[]): Information {
  const joined = lines.join("");
  const german = /^(\d{3})([^A-Za-z0-9\s])\d{2}/.exec(joined);
  if (german) return germanInformation(joined, german[1]!, german[2]!);
  if (/^\/[A-Z]{2,9}\//.test(joined)) {
    const tagged = taggedInformation(joined);
    if (tagged) return tagged;
  }
  return { columns: {}, remittance: joined.trim() || null };
}

function germanInformation(joined: string, gvc: string, separator: string): Information {
  const subfields = new Map<number, string>();
  const pattern = new RegExp(`${escapeRegex(separator)}(\\d{2})`, "g");
  const marks = [...joined.matchAll(pattern)];
  marks.forEach((mark, index) => {
    const start = mark.index + mark[0].length;
    const end = index + 1 < marks.length ? marks[index + 1]!.index : joined.length;
    const code = Number(mark[1]);
    subfields.set(code, (subfields.get(code) ?? "") + joined.slice(start, end));
  });
  const range = (from: number, to: number) => {
    let text = "";
    for (let code = from; code <= to; code++) text += subfields.get(code) ?? "";
    return text.trim() || undefined;
  };
  const purpose = [range(20, 29), range(60, 63)].filter(Boolean).join("") || undefined;
  const sepa = sepaKeywords(purpose ?? "");
  const columns: Information["columns"] = {
    ":86:gvc": gvc,
    ":86:posting_text": range(0, 0),
    ":86:primanota": range(10, 10),
    ":86:purpose": purpose,
    ":86:counterparty_bic": range(30, 30),
    ":86:counterparty_iban": range(31, 31),
    ":86:counterparty_name": range(32, 33),
    ":86:text_key_addition": range(34, 34),
    ":86:end_to_end_id": sepa.get("EREF"),
    ":86:mandate_reference": sepa.get("MREF"),
    ":86:creditor_id": sepa.get("CRED"),
  };
  // A fee or interest entry often has only a posting text ("ENTGELT"): it is the best description there is.
  return { columns: withoutEmpty(columns), remittance: sepa.get("SVWZ") ?? purpose ?? range(0, 0) ?? null };
}

const SEPA_KEYWORD = /(EREF|KREF|MREF|CRED|DEBT|COAM|OAMT|SVWZ|ABWA|ABWE|IBAN|BIC)\+/g;

/** "EREF+INV-1MREF+M-7SVWZ+Invoice 1" -> EREF, MREF, SVWZ values. */
function sepaKeywords(purpose: string): Map<string, string> {
  const values = new Map<string, string>();
  const marks = [...purpose.matchAll(SEPA_KEYWORD)];
  marks.forEach((mark, index) => {
    const end = index + 1 < marks.length ? marks[index + 1]!.index : purpose.length;
    const value = purpose.slice(mark.index + mark[0].length, end).trim();
    if (value && !values.has(mark[1]!)) values.set(mark[1]!, value);
  });
  return values;
}

const SWIFT_CODES = ["EREF", "REMI", "NAME", "IBAN", "BIC", "ORDP", "BENM", "MARF", "CSID", "TRCD", "PREF", "RTRN", "ADDR", "TRTP", "CNTP", "PURP", "ULTC", "ULTD", "ULTB", "ISDT", "ID", "CDTRREFTP", "CDTRREF", "SVCL", "OCMT", "CHGS", "EXCH"];
const SWIFT_CODE = new RegExp(`/(${SWIFT_CODES.join("|")})/`, "g");

function taggedInformation(joined: string): Information | null {
  const marks = [...joined.matchAll(SWIFT_CODE)];
  if (marks.length === 0 || marks[0]!.index !== 0) return null;
  const values = new Map<string, string>();
  marks.forEach((mark, index) => {
    const end = index + 1 < marks.length ? marks[index + 1]!.index : joined.length;
    const value = joined.slice(mark.index + mark[0].length, end).replace(/\/$/, "").trim();
    if (value && !values.has(mark[1]!)) values.set(mark[1]!, value);
  });
  const counterparty = (values.get("CNTP") ?? "").split("/");
  const remittance = remittanceText(values.get("REMI"));
  const columns: Information["columns"] = {
    ":86:posting_text": values.get("TRTP"),
    ":86:purpose": remittance,
    ":86:counterparty_bic": values.get("BIC") ?? (counterparty[1] || undefined),
    ":86:counterparty_iban": values.get("IBAN") ?? (counterparty[0] || undefined),
    ":86:counterparty_name": values.get("NAME") ?? (counterparty[2] || undefined),
    ":86:end_to_end_id": values.get("EREF"),
    ":86:mandate_reference": values.get("MARF"),
    ":86:creditor_id": values.get("CSID"),
    ":86:transaction_code": values.get("TRCD"),
    ":86:payment_reference": values.get("PREF"),
    ":86:return_reason": values.get("RTRN"),
  };
  return { columns: withoutEmpty(columns), remittance: remittance ?? null };
}

/** "/REMI/USTD//text" -> text; "/REMI/STRD/CUR/RF18…" -> "CUR/RF18…" (the structured creditor reference). */
function remittanceText(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.replace(/^USTD\/\//, "").replace(/^STRD\//, "").trim();
  return text || undefined;
}

function withoutEmpty(columns: Information["columns"]): Information["columns"] {
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined && value !== "")) as Information["columns"];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
