import type { FormatAdapter } from "../types";
import { CAMT052 } from "./messages";
import { readCamt } from "./read";

/**
 * ISO 20022 camt.052 bank-to-customer account report (BkToCstmrAcctRpt/Rpt),
 * the intraday report: every version from 001.02 to 001.13. Same entries as
 * camt.053; balances are often interim (ITBD). docs/adapters.md, camt052.
 */
export const camt052: FormatAdapter = {
  name: "camt052",
  title: "ISO 20022 camt.052 account report",
  description: "An ISO 20022 camt.052 XML intraday account report (any version): one record per transaction with signed amount, dates, references and remittance text; booked and pending entries.",
  signature: { firstBytes: "camt\\.052\\.001\\.|<(\\w+:)?BkToCstmrAcctRpt[\\s>]" },
  read: (bytes, options) => readCamt(CAMT052, bytes, options),
};
