import type { FormatAdapter } from "../types";
import { CAMT053 } from "./messages";
import { readCamt } from "./read";

/**
 * ISO 20022 camt.053 bank-to-customer statement (BkToCstmrStmt/Stmt), the
 * end-of-day statement: every version from 001.02 to 001.13. What is read
 * and checked: docs/adapters.md, section camt053.
 */
export const camt053: FormatAdapter = {
  name: "camt053",
  title: "ISO 20022 camt.053 bank statement",
  description: "An ISO 20022 camt.053 XML statement (any version): one record per transaction (TxDtls, or the entry when it has none) with signed amount, dates, references, counterparty and all remittance text; balances checked.",
  signature: { firstBytes: "camt\\.053\\.001\\.|<(\\w+:)?BkToCstmrStmt[\\s>]" },
  read: (bytes, options) => readCamt(CAMT053, bytes, options),
};
