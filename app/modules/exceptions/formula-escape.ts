/**
 * Spreadsheet formula injection (CSV and XLSX exports). Excel, LibreOffice and
 * Google Sheets run a text cell as a formula when it starts with = + - @, and
 * they first strip leading whitespace and line breaks, and read the fullwidth
 * forms (＝＋－＠, what an IME types) as the ASCII ones. So the test is on the
 * first character that is not whitespace; a cell that starts with tab, CR or
 * LF is escaped whatever follows, because some importers split or shift on
 * them. The escape is OWASP's: a leading apostrophe, which spreadsheets show as
 * text and do not display.
 */
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66\u2212]/;
const CONTROL_START = /^[\t\r\n]/;
/** \s covers space, tab, CR, LF, NBSP, the ideographic space and the other Unicode spaces. */
const LEADING_WHITESPACE = /^[\s\u200B\uFEFF]+/;

export function escapeFormula(text: string): string {
  if (CONTROL_START.test(text)) return `'${text}`;
  const firstVisible = text.replace(LEADING_WHITESPACE, "");
  return FORMULA_START.test(firstVisible) ? `'${text}` : text;
}
