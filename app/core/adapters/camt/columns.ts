import type { CamtMessage } from "./messages";

/**
 * Output columns. Source columns are camt paths (the block's own name:
 * Stmt/…, Rpt/… or Ntfctn/…), so a rule set written from a bank's
 * implementation guide reads them as the guide names them; helpers start
 * with "@" (docs/adapters.md). One record per TxDtls, so Ntry/… and Btch/…
 * values repeat on every transaction of a batch booking.
 */
export function sourceColumns(message: CamtMessage): string[] {
  const block = message.block;
  return [
    `${block}/Id`,
    `${block}/ElctrncSeqNb`,
    `${block}/Acct/Id`,
    `${block}/Acct/Ccy`,
    "Ntry/NtryRef",
    "Ntry/Amt",
    "Ntry/Amt/@Ccy",
    "Ntry/CdtDbtInd",
    "Ntry/RvslInd",
    "Ntry/Sts",
    "Ntry/BookgDt",
    "Ntry/ValDt",
    "Ntry/AcctSvcrRef",
    "Ntry/BkTxCd",
    "Ntry/BkTxCd/Prtry/Cd",
    "Ntry/AddtlNtryInf",
    "Btch/MsgId",
    "Btch/PmtInfId",
    "Btch/NbOfTxs",
    "Btch/TtlAmt",
    "TxDtls/Amt",
    "TxDtls/Amt/@Ccy",
    "TxDtls/CdtDbtInd",
    "TxDtls/Refs/EndToEndId",
    "TxDtls/Refs/AcctSvcrRef",
    "TxDtls/Refs/InstrId",
    "TxDtls/Refs/TxId",
    "TxDtls/Refs/PmtInfId",
    "TxDtls/Refs/MsgId",
    "TxDtls/Refs/MndtId",
    "TxDtls/BkTxCd",
    "TxDtls/BkTxCd/Prtry/Cd",
    "TxDtls/RltdPties/Nm",
    "TxDtls/RltdPties/Dbtr/Nm",
    "TxDtls/RltdPties/DbtrAcct",
    "TxDtls/RltdPties/Cdtr/Nm",
    "TxDtls/RltdPties/CdtrAcct",
    "TxDtls/RmtInf/Ustrd",
    "TxDtls/RmtInf/Strd/Ref",
    "TxDtls/RtrInf/Rsn/Cd",
    "TxDtls/AddtlTxInf",
    "TxDtls/Count",
  ];
}

export const HELPER_COLUMNS = [
  "@amount",
  "@currency",
  "@date",
  "@value_date",
  "@reference",
  "@end_to_end_id",
  "@remittance",
  "@creditor_reference",
  "@counterparty",
  "@counterparty_account",
  "@bank_tx_code",
  "@charges",
  "@charges_currency",
  "@return_reason",
  "@status",
  "@account",
  "@statement_id",
  "@opening_balance",
  "@closing_balance",
  "@entry_ref",
  "@entry_amount",
  "@tx_index",
  "@batch_id",
  "@message_version",
  "@record_type",
] as const;

export type HelperColumn = (typeof HELPER_COLUMNS)[number];
