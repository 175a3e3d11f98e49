import { readStatementFile } from "./mt940/read";
import type { FormatAdapter } from "./types";

/**
 * SWIFT MT942 interim transaction report: the intraday counterpart of MT940,
 * read by the same code (app/core/adapters/mt940/). Tags: :20:, :21:, :25:,
 * :28C:, :34F: floor limit(s) (the first gives the currency), :13D: date/time
 * indication, :61: and :86: as in MT940, :90D:/:90C: number and sum of
 * debit/credit entries, a closing :86:. There are no balances; instead the
 * :90D:/:90C: totals are checked against the entries (a mismatch is an
 * integrity break: an error under strict, a warning under lenient).
 *
 * Output: the mt940 columns plus :13D:; @opening_balance and
 * @closing_balance are null, @statement_id is :28C:.
 */
export const mt942: FormatAdapter = {
  name: "mt942",
  title: "SWIFT MT942 interim transaction report",
  description: "A SWIFT MT942 interim report: one record per :61: line with its :86: details; the :90D:/:90C: entry counts and sums are checked.",
  signature: { firstBytes: "\\{2:[IO]942|(?<![\\s\\S])(?![\\s\\S]*(?:^|@@|\\{4:):60[FM]:)[\\s\\S]*(?:^|@@):(?:34F|13D):" },
  read: (bytes, options) => readStatementFile(bytes, options, "mt942"),
};
