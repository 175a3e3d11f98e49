import { LocatedErrors } from "../support/located-errors";
import { minorDigits } from "../support/money";
import type { AdapterReadOptions, AdapterTable } from "../types";
import { newBlock, readBalance, type BlockState } from "./block";
import { HELPER_COLUMNS, sourceColumns } from "./columns";
import { settleEntry, type EntryDetails, type EntryState } from "./entry";
import { checkIdentity } from "./identity";
import { IntegrityChecks } from "./integrity";
import { Leaves, type Leaf } from "./leaves";
import { CAMT_MESSAGES, messageVersionOf, type CamtMessage } from "./messages";
import { writeEntryRecords } from "./records";
import { checkSummary } from "./summary";
import { CamtTable, type CamtRecordSink } from "./table";
import { textChunks } from "./text-chunks";
import { walkXmlChunks, type XmlElement } from "./xml-walker";

/**
 * Reads a camt.052, .053 or .054 message: the message root is found by its
 * local name wherever it sits (a bare Document, a prefixed one, or inside a
 * SWIFT/EBICS AppHdr + BizMsgEnvlp envelope), then each of its blocks
 * (Stmt, Rpt, Ntfctn) is read entry by entry as the XML streams past; an
 * entry's records are written when its </Ntry> closes.
 */
export function readCamt(message: CamtMessage, bytes: Uint8Array, options: AdapterReadOptions): AdapterTable {
  const table = new CamtTable([...sourceColumns(message), ...HELPER_COLUMNS]);
  const reading = readCamtInto(message, textChunks(bytes), options, table);
  let step = reading.next();
  while (!step.done) step = reading.next();
  const { errors, integrity } = step.value;
  errors.throwIfAny();
  const result: AdapterTable = table.build(options.sourceId);
  if (integrity.warnings.length > 0) result.warnings = integrity.warnings;
  return result;
}

/**
 * The reading itself, writing each entry's records to `sink` as its </Ntry>
 * closes and pausing after every piece of text, so that the streaming reader
 * (stream.ts) can hand out the records of one piece before reading the next.
 * Returns the errors and integrity findings; the caller decides what they mean.
 */
export function* readCamtInto(
  message: CamtMessage,
  chunks: Iterable<string>,
  options: AdapterReadOptions,
  sink: CamtRecordSink,
): Generator<void, { errors: LocatedErrors; integrity: IntegrityChecks }> {
  const errors = new LocatedErrors(options.fileName);
  const integrity = new IntegrityChecks(errors, options.fileName, options.policy ?? "strict");
  const depth = { root: -1, block: -1, balance: -1, entry: -1, details: -1, transaction: -1 };
  // Set from the parser's callbacks; an object, so that TypeScript does not narrow them to their initial null.
  const found: { root: XmlElement | null; otherRoot: CamtMessage | null } = { root: null, otherRoot: null };
  let version: string | null = null;
  let namespace: string | null = null;
  let headerVersion: string | null = null;
  let blocks = 0;
  let block: BlockState | null = null;
  let balance: Leaves | null = null;
  let entry: EntryState | null = null;
  let details: EntryDetails | null = null;
  let transaction: Leaves | null = null;

  yield* walkXmlChunks(chunks, options.fileName, errors, {
    open(element, path) {
      const at = path.length - 1;
      if (element.namespace !== null && messageVersionOf(element.namespace) !== null) namespace = element.namespace;
      if (found.root === null && element.name === message.root) {
        found.root = element;
        depth.root = at;
        version = messageVersionOf(namespace) ?? headerVersion;
      } else if (found.root === null) {
        found.otherRoot ??= CAMT_MESSAGES.find((other) => other.root === element.name) ?? null;
      } else if (block === null && at === depth.root + 1 && element.name === message.block) {
        block = newBlock(element.line, element.column);
        depth.block = at;
        blocks++;
      } else if (block && !entry && at === depth.block + 1 && element.name === "Bal") {
        balance = new Leaves(element.line, element.column);
        depth.balance = at;
      } else if (block && at === depth.block + 1 && element.name === "Ntry") {
        entry = { index: ++block.entriesSeen, leaves: new Leaves(element.line, element.column), details: [] };
        depth.entry = at;
      } else if (entry && at === depth.entry + 1 && element.name === "NtryDtls") {
        details = { leaves: new Leaves(element.line, element.column), transactions: [] };
        entry.details.push(details);
        depth.details = at;
      } else if (details && at === depth.details + 1 && element.name === "TxDtls") {
        transaction = new Leaves(element.line, element.column);
        details.transactions.push(transaction);
        depth.transaction = at;
      }
    },
    close(element, text, path) {
      const at = path.length - 1;
      // A Document without a namespace inside an envelope: the AppHdr's MsgDefIdr names the version.
      if (found.root === null && element.name === "MsgDefIdr") headerVersion = messageVersionOf(text);
      if (text !== "") {
        const leaf: Leaf = { text, currency: element.currency, line: element.line, column: element.column };
        if (transaction) transaction.add(pathBelow(path, depth.transaction), leaf);
        else if (details) details.leaves.add(pathBelow(path, depth.details), leaf);
        else if (entry) entry.leaves.add(pathBelow(path, depth.entry), leaf);
        else if (balance) balance.add(pathBelow(path, depth.balance), leaf);
        else if (block) {
          block.leaves.add(pathBelow(path, depth.block), leaf);
          if (at === depth.block + 2 && path[at - 1] === "Acct" && element.name === "Ccy") setAccountCurrency(block, leaf, errors);
        }
      }
      if (transaction && at === depth.transaction) transaction = null;
      else if (details && at === depth.details) details = null;
      else if (block && entry && at === depth.entry) {
        const settled = settleEntry(entry, block, errors, integrity);
        writeEntryRecords(sink, message, block, settled, version, integrity);
        entry = null;
      } else if (block && balance && at === depth.balance) {
        readBalance(block, balance, errors);
        balance = null;
      } else if (block && at === depth.block) {
        checkIdentity(message, block, integrity);
        checkSummary(block, integrity);
        block = null;
      }
    },
  });

  const { root, otherRoot } = found;
  if (root === null) {
    const hint = otherRoot === null ? "" : `: it is a camt.${otherRoot.number} (${otherRoot.root}); read it with the ${otherRoot.adapter} adapter`;
    errors.add(1, `the document has no ${message.root} element: it is not a camt.${message.number} message${hint}`);
  } else if (blocks === 0) {
    errors.add(root.line, `${message.root} has no ${message.block}: a camt.${message.number} message holds at least one ${message.blockNoun}`, { column: root.column, field: `${message.root}/${message.block}` });
  }
  return { errors, integrity };
}

/**
 * The path below the element at depth `from` ("Refs/EndToEndId"). A function of the module rather than
 * a closure made per leaf: a named closure costs a definition on every element closed, which showed in profiles.
 */
function pathBelow(path: readonly string[], from: number): string {
  let below = "";
  for (let at = from + 1; at < path.length; at++) below = below === "" ? path[at]! : `${below}/${path[at]}`;
  return below;
}

/** Acct/Ccy is the currency every balance and entry of the block must be in. */
function setAccountCurrency(block: BlockState, leaf: Leaf, errors: LocatedErrors): void {
  const currency = leaf.text.toUpperCase();
  const exponent = minorDigits(currency);
  if (exponent === undefined) {
    errors.add(leaf.line, `"${leaf.text}" is not an ISO 4217 currency code`, { column: leaf.column, field: "Acct/Ccy", value: leaf.text });
    return;
  }
  block.accountCurrency = currency;
  block.exponent = exponent;
}
