import { formatMinor } from "../support/money";
import type { Balance, BlockState } from "./block";
import type { IntegrityChecks } from "./integrity";
import type { CamtMessage } from "./messages";

/**
 * The balances a block's entries run between. Opening: OPBD (opening
 * booked), else PRCD (the previous day's closing, which some banks write
 * instead), else, in an intraday camt.052 report, the first ITBD. Closing:
 * CLBD, else the last ITBD (an intraday report's running balance) that is
 * not already the opening one. Available balances (CLAV, FWAV, ITAV) include
 * value-dated and pending amounts and are not part of the identity.
 */
export function statementBalances(message: CamtMessage, balances: readonly Balance[]): { opening: Balance | undefined; closing: Balance | undefined } {
  const byCode = (code: string) => balances.filter((balance) => balance.code === code);
  const interim = byCode("ITBD");
  const opening = byCode("OPBD")[0] ?? byCode("PRCD")[0] ?? (message.number === "052" ? interim[0] : undefined);
  const closing = byCode("CLBD")[0] ?? interim.filter((balance) => balance !== opening).at(-1);
  return { opening, closing };
}

/** Opening + booked entries must give the closing balance; if not, entries are missing or doubled. */
export function checkIdentity(message: CamtMessage, block: BlockState, integrity: IntegrityChecks): void {
  const { opening, closing } = statementBalances(message, block.balances);
  if (block.incomplete) return;
  if (message.number === "053" && (!opening || !closing)) {
    // A statement always carries both (a report or notification often carries neither): say the check was not made.
    const missing = !opening ? "no opening balance (OPBD or PRCD)" : "no closing balance (CLBD or ITBD)";
    integrity.warn(block.leaves.line, `the statement has ${missing}: its entries were not checked against its balances`, { column: block.leaves.column, field: "Stmt/Bal" });
    return;
  }
  if (!opening || !closing || opening.signed === null || closing.signed === null) return;
  const expected = opening.signed + block.booked;
  if (expected === closing.signed) return;
  const format = (minor: bigint) => formatMinor(minor, closing.exponent);
  integrity.break(
    closing.line,
    `the closing balance ${closing.code} ${format(closing.signed)} is not the opening balance ${opening.code} ${format(opening.signed)} plus the booked entries ${format(block.booked)} (= ${format(expected)})`,
    { column: closing.column, field: `Bal/${closing.code}`, value: closing.amountText },
  );
}
