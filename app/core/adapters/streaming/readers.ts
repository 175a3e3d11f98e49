import { BAI2_COLUMNS } from "../bai2/columns";
import { startBai2 } from "../bai2/stream";
import { HELPER_COLUMNS as CAMT_HELPER_COLUMNS, sourceColumns } from "../camt/columns";
import { CAMT_MESSAGES, type CamtMessage } from "../camt/messages";
import { readCamtInto } from "../camt/read";
import { RecordQueue, type CamtRecord } from "../camt/stream";
import { columnsOf, type StatementKind } from "../mt940/columns";
import { Findings } from "../mt940/findings";
import { HAS_REFERENCE_TAG, NAMES } from "../mt940/read";
import { readSwiftRecordsAndPauses } from "../mt940/statements";
import { CHUNK_READ } from "../mt940/tokenizer";
import type { StreamedRecord, StreamingRecordReader } from "./protocol";
import { adyenSettlementDetailsFormat } from "../adyen-settlement-details";
import { amazonSettlementV2Format } from "../amazon-settlement-v2";
import { bankCsvFormat } from "../bank-csv";
import { StlReading } from "../paypal-stl";
import { shopifyOrdersFormat } from "../shopify-orders";
import { stripeBalanceHistoryFormat } from "../stripe-balance-history";
import { stripePayoutItemizedFormat } from "../stripe-payout-itemized";
import { stripePayoutsFormat } from "../stripe-payouts";
import { headerCsvStreamingReader } from "../support/header-csv";
import { AdapterError } from "../types";

/**
 * Adapters whose reading can be driven one chunk of text at a time (see
 * drive.ts): MT940, MT942, camt.052/053/054, BAI2, the header-based
 * provider and bank CSVs (support/header-csv.ts) and PayPal's STL. Each gives its records as they
 * complete and CHUNK_READ after every chunk it has read, so the driver
 * fetches the next chunk (from storage, asynchronously) only then. Memory
 * follows one chunk and one statement, entry or order, never the file.
 */

export { CHUNK_READ, ReadAgain, type RecordSteps, type StreamedRecord, type StreamingRecordReader } from "./protocol";

function statementReader(kind: StatementKind): StreamingRecordReader {
  const columns = columnsOf(kind);
  return {
    start(chunks, options) {
      const findings = new Findings(options.fileName, options.policy ?? "strict");
      const seen = { reference: false };
      function* watched(): Generator<string> {
        let tail = "";
        for (const chunk of chunks) {
          // With the text before it (a ":20:" may be cut between chunks); "x" keeps the carried tail from passing for a line start.
          if (!seen.reference && HAS_REFERENCE_TAG.test(tail === "" ? chunk : `x${tail}${chunk}`)) seen.reference = true;
          tail = (tail + chunk).slice(-8);
          yield chunk;
        }
      }
      return {
        steps: readSwiftRecordsAndPauses(watched(), kind, findings),
        end() {
          // read() checks this first and reports it alone: a file with no :20: is not a statement, whatever else is wrong.
          if (!seen.reference) throw new AdapterError([{ file: options.fileName, line: 1, message: `the file has no :20: tag: it is not ${NAMES[kind]}` }]);
          findings.errors.throwIfAny();
          return findings.warnings();
        },
        columns: () => columns,
      };
    },
  };
}

function camtReader(message: CamtMessage): StreamingRecordReader {
  const columns = [...sourceColumns(message), ...CAMT_HELPER_COLUMNS];
  return {
    start(chunks, options) {
      const queue = new RecordQueue();
      const reading = readCamtInto(message, chunks, options, queue);
      let result: ReturnType<typeof reading.next> | undefined;
      function* steps(): Generator<CamtRecord | typeof CHUNK_READ> {
        for (;;) {
          result = reading.next();
          const ready = queue.records;
          queue.records = [];
          yield* ready;
          if (result.done) return;
          yield CHUNK_READ;
        }
      }
      return {
        steps: steps(),
        end() {
          if (!result?.done) throw new Error("camt reading ended before its steps were done");
          result.value.errors.throwIfAny();
          return result.value.integrity.warnings;
        },
        columns: () => columns,
      };
    },
  };
}

const bai2Reader: StreamingRecordReader = { start: (chunks, options, hint) => ({ ...startBai2(chunks, options, hint), columns: () => BAI2_COLUMNS }) };

const paypalStlReader: StreamingRecordReader = {
  start(chunks, options) {
    const reading = new StlReading(options);
    function* steps(): Generator<StreamedRecord | typeof CHUNK_READ> {
      const ready: StreamedRecord[] = [];
      const sink = (record: StreamedRecord) => ready.push(record);
      for (const chunk of chunks) {
        reading.push(chunk, sink);
        yield* ready.splice(0);
        yield CHUNK_READ;
      }
      reading.finish(sink);
      yield* ready.splice(0);
    }
    return {
      steps: steps(),
      end: () => {
        reading.end();
        return [];
      },
      columns: () => reading.columns(),
    };
  },
};

const READERS = new Map<string, StreamingRecordReader>([
  ["bai2", bai2Reader],
  ["mt940", statementReader("mt940")],
  ["mt942", statementReader("mt942")],
  ...CAMT_MESSAGES.map((message) => [message.adapter, camtReader(message)] as const),
  ["stripe_payout_itemized", headerCsvStreamingReader(stripePayoutItemizedFormat)],
  ["stripe_balance_history", headerCsvStreamingReader(stripeBalanceHistoryFormat)],
  ["stripe_payouts", headerCsvStreamingReader(stripePayoutsFormat)],
  ["shopify_orders", headerCsvStreamingReader(shopifyOrdersFormat)],
  ["amazon_settlement_v2", headerCsvStreamingReader(amazonSettlementV2Format)],
  ["adyen_settlement_details", headerCsvStreamingReader(adyenSettlementDetailsFormat)],
  ["bank_csv", headerCsvStreamingReader(bankCsvFormat)],
  ["paypal_stl", paypalStlReader],
]);

/** The chunk-driven reader of an adapter, for those that have one. */
export function streamingReaderOf(adapterName: string): StreamingRecordReader | undefined {
  return READERS.get(adapterName);
}
