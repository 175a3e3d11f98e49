/**
 * RFC 4180 records from text whose rows do not share one header (PayPal STL
 * mixes header, section and footer rows of different widths), so the
 * header-based delimited reader does not fit. Quoted fields may hold the
 * delimiter, doubled quotes and line breaks; each record keeps the 1-based
 * physical line it starts on and the 1-based character column of each field.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Per field: 1-based character column where it starts on its line. */
  columns: number[];
}

export interface CsvRecordError {
  line: number;
  column: number;
  message: string;
}

export function splitCsvRecords(text: string, delimiter = ","): { records: CsvRecord[]; error?: CsvRecordError } {
  const records: CsvRecord[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const recordLine = line;
    const fields: string[] = [];
    const columns: number[] = [];
    let atRecordEnd = false;
    let quoted = false;
    // A record: fields until an unquoted line end (or the end of the text).
    while (!atRecordEnd) {
      columns.push(i - lineStart + 1);
      if (text[i] === '"') {
        quoted = true;
        const openedLine = line;
        const openedColumn = i - lineStart + 1;
        let value = "";
        i++;
        for (;;) {
          if (i >= length) return { records, error: { line: openedLine, column: openedColumn, message: "a quoted field is never closed" } };
          const char = text[i]!;
          if (char === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (char === "\n" || (char === "\r" && text[i + 1] !== "\n")) {
            line++;
            lineStart = i + 1;
          }
          value += char;
          i++;
        }
        fields.push(value);
        // Tolerate spaces between the closing quote and the delimiter, as STL writers emit none but editors add them.
        while (text[i] === " ") i++;
      } else {
        let end = i;
        while (end < length && text[end] !== delimiter && text[end] !== "\n" && text[end] !== "\r") end++;
        fields.push(text.slice(i, end));
        i = end;
      }
      if (i >= length) {
        atRecordEnd = true;
      } else if (text[i] === delimiter) {
        i++;
      } else if (text[i] === "\r" || text[i] === "\n") {
        i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
        line++;
        lineStart = i;
        atRecordEnd = true;
      } else {
        return { records, error: { line, column: i - lineStart + 1, message: "unexpected text after a closing quote" } };
      }
    }
    // A line of only delimiters and whitespace holds no value: blank, as the ingest reader counts it.
    const blank = !quoted && fields.every((field) => field.trim() === "");
    if (!blank) records.push({ line: recordLine, fields, columns });
  }
  return { records };
}
