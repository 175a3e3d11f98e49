import type { FormatAdapter } from "../types";
import { CAMT054 } from "./messages";
import { readCamt } from "./read";

/**
 * ISO 20022 camt.054 debit/credit notification (BkToCstmrDbtCdtNtfctn/
 * Ntfctn): every version from 001.02 to 001.13. Banks send it as the
 * breakdown of a batch booking (a collection run, a payout): one record per
 * TxDtls, each tied to its entry and batch. docs/adapters.md, camt054.
 */
export const camt054: FormatAdapter = {
  name: "camt054",
  title: "ISO 20022 camt.054 debit/credit notification",
  description: "An ISO 20022 camt.054 XML notification (any version): the breakdown of batch bookings, one record per transaction tied to its entry and batch, with amounts, references, counterparty and remittance text.",
  signature: { firstBytes: "camt\\.054\\.001\\.|<(\\w+:)?BkToCstmrDbtCdtNtfctn[\\s>]" },
  read: (bytes, options) => readCamt(CAMT054, bytes, options),
};
