/**
 * The three ISO 20022 bank-to-customer cash messages. They share one entry
 * layout (ReportEntry: Ntry with NtryDtls/TxDtls) and differ in the root
 * element, the block that holds one account's entries, and which balances
 * they carry (a camt.054 notification usually carries none).
 */
export interface CamtMessage {
  /** The adapter name packs use. */
  adapter: "camt052" | "camt053" | "camt054";
  /** "052", "053", "054": the message number in its namespace. */
  number: string;
  root: string;
  /** The repeated block: one account's statement, report or notification. */
  block: string;
  /** What the block is called in messages. */
  blockNoun: string;
}

export const CAMT052: CamtMessage = { adapter: "camt052", number: "052", root: "BkToCstmrAcctRpt", block: "Rpt", blockNoun: "report" };
export const CAMT053: CamtMessage = { adapter: "camt053", number: "053", root: "BkToCstmrStmt", block: "Stmt", blockNoun: "statement" };
export const CAMT054: CamtMessage = { adapter: "camt054", number: "054", root: "BkToCstmrDbtCdtNtfctn", block: "Ntfctn", blockNoun: "notification" };

export const CAMT_MESSAGES: readonly CamtMessage[] = [CAMT052, CAMT053, CAMT054];

/** "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08" -> "camt.053.001.08"; null for no or another namespace. */
export function messageVersionOf(namespace: string | null): string | null {
  const match = namespace === null ? null : /camt\.05[234]\.001\.\d{2}/.exec(namespace);
  return match ? match[0] : null;
}
