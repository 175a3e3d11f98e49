import type { FieldReader } from "./logical-records";

/**
 * The text of a 16: everything from its text field to the end of the
 * logical record, commas and slashes included, in the pieces its 88s (or
 * wrapped lines) brought. `pieces` keeps the breaks (the Text column joins
 * them with "\n"); `remittance` joins a piece that finished a cut value with
 * nothing (banks cut at the record length, often mid-word, and a payout id
 * wrapped into the 88 must be whole again) and a piece that began a new
 * field (the record before ended with "/") with a space.
 */
export function detailText(fields: FieldReader, textField: number): { pieces: string[]; remittance: string } {
  const { start, text } = fields.restFrom(textField);
  const record = fields.record;
  const end = start + text.length;
  const pieces: string[] = [];
  let remittance = "";
  let from = start;
  let join: "joined" | "newField" | "first" = "first";
  const take = (to: number, next: "joined" | "newField") => {
    const piece = record.text.slice(from, to);
    if (piece.trim() !== "") {
      pieces.push(piece);
      remittance += (remittance === "" ? "" : join === "newField" ? " " : "") + piece;
    }
    join = next;
  };
  for (const piece of record.pieces) {
    if (piece.offset <= start || piece.offset > end) continue;
    if (piece.join === "newField") {
      // The "," before this piece is the one the reader put between the records, not text.
      take(piece.offset - 1, "newField");
    } else {
      take(piece.offset, "joined");
    }
    from = piece.offset;
  }
  take(end, "joined");
  const trimmed = pieces.map((piece, index) => (index === 0 ? piece.trimStart() : piece)).map((piece, index, all) => (index === all.length - 1 ? piece.trimEnd() : piece));
  return { pieces: trimmed, remittance: remittance.trim() };
}
