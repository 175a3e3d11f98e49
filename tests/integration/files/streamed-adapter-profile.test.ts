import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { getAdapter, recognizeFormat, RECOGNITION_SAMPLE_BYTES } from "~/core/adapters";
import { streamingReaderOf } from "~/core/adapters/streaming/readers";
import type { FileFormat } from "~/core/adapters/file-format";
import { profileStreamed } from "~/modules/files/profile-streamed-adapter.server";
import { profileWholeBytes, type AdapterProfilingFile } from "~/modules/files/profile-with-adapter.server";
import { randomFile as randomBai2File, randomLayout, seededRandom, writeBai2 } from "../../support/bank-statements/bai2";
import { randomMessage, writeMessage } from "../../support/bank-statements/camt";
import { randomFile, writeMt940 } from "../../support/bank-statements/mt940";
import { mutateBytes } from "../../support/bank-statements/mutate-bytes";
import { Random } from "../../support/bank-statements/random";
import { fixtureBytes, fixtureText } from "../../unit/adapters/support";

/**
 * Profiling an MT940/MT942/camt/BAI2 file streams it through the adapter's
 * chunk-driven reader; the outcome (status, counts, errors, warnings,
 * profile, statement keys) must be the one profiling its whole bytes gives,
 * for valid files, broken ones, any cut into chunks, gzip, and text that
 * turns out not to be UTF-8 only near its end.
 */

const STATEMENTS = ["mt940.sta", "mt940/envelope.sta", "mt940/german.sta", "mt940/ing.sta", "mt940/rabobank.sta", "mt940/abnamro.sta", "mt940/at-separators.sta", "mt942/interim.sta"];
const CAMT = ["camt053.xml", "camt/camt052-intraday.v13.xml", "camt/camt053-envelope.v04.xml", "camt/camt053-no-stmt.xml", "camt/camt053-prefixed.v02.xml", "camt/camt054-batch.v08.xml"];
const BAI2 = ["bai2.txt", ...["continuation-mid-field", "empty-summary", "fixed-length", "funds-types", "historic-dem", "multi-record-lines", "no-slash-wrapped"].map((name) => `bai2/${name}.txt`)];
const INSERTS = ["/", ",", "\n88,", "\n16,", "01,", "99,", "49,",":61:", ":62F:", ":60M:", ":20:", ":86:", "{4:", "-}", "\r\n", "<Ntry>", "</Ntry>", "<Amt Ccy=\"EUR\">", "&", "<", "\u00ff", "\u0000"];

function adapterOfFixture(name: string): string {
  if (name.startsWith("bai2")) return "bai2";
  if (name.startsWith("mt942")) return "mt942";
  if (name.startsWith("mt940")) return "mt940";
  return /camt05[234]/.exec(name)?.[0] ?? "camt053";
}

/** The bytes as storage would hand them over, cut into `size`-byte chunks. */
function sourceOf(bytes: Uint8Array, size: number) {
  return async function* (): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  };
}

function fileRow(name: string, policy: "strict" | "lenient"): AdapterProfilingFile {
  return { id: "file_streamed", name, size: 0, policy, overrides: {}, format: null };
}

async function bothOutcomes(adapterName: string, bytes: Uint8Array, name: string, policy: "strict" | "lenient", chunkBytes: number) {
  const adapter = getAdapter(adapterName)!;
  const reader = streamingReaderOf(adapterName)!;
  const format: FileFormat = { adapter: adapterName, title: adapter.title, confidence: null, overridden: true, evidence: "test" };
  const file = fileRow(name, policy);
  const compression = bytes[0] === 0x1f && bytes[1] === 0x8b ? "gzip" : "none";
  const whole = await profileWholeBytes(sourceOf(bytes, 65_536), file, format, adapter, { compression, maxErrors: 100 });
  const streamed = await profileStreamed(sourceOf(bytes, chunkBytes), file, format, adapter, reader, { compression, maxErrors: 100 });
  return { whole, streamed };
}

describe("profiling an MT940/MT942/camt/BAI2 file streamed", () => {
  it("gives the whole-bytes outcome for every fixture, both policies, any chunk size, gzip", async () => {
    for (const name of [...STATEMENTS, ...CAMT, ...BAI2]) {
      const bytes = fixtureBytes(name);
      for (const policy of ["strict", "lenient"] as const) {
        for (const size of [1, 7, 4096]) {
          const { whole, streamed } = await bothOutcomes(adapterOfFixture(name), bytes, name, policy, size);
          expect(streamed, `${name} ${policy} ${size}`).toEqual(whole);
        }
        const gz = await bothOutcomes(adapterOfFixture(name), gzipSync(bytes), `${name}.gz`, policy, 100);
        expect(gz.streamed, `${name}.gz ${policy}`).toEqual(gz.whole);
      }
    }
  });

  it("gives the whole-bytes outcome for generated and broken files, ready and failed alike", async () => {
    const random = new Random(20261207);
    const bases: Array<{ adapter: string; bytes: Buffer }> = [
      ...[...STATEMENTS, ...CAMT, ...BAI2].map((name) => ({ adapter: adapterOfFixture(name), bytes: fixtureBytes(name) })),
      ...Array.from({ length: 10 }, (_, seed) => ({ adapter: "mt940", bytes: Buffer.from(writeMt940(randomFile(new Random(seed + 1000))).text, "latin1") })),
      ...Array.from({ length: 10 }, (_, seed) => {
        const message = randomMessage(new Random(seed + 2000));
        return { adapter: `camt${message.number}`, bytes: Buffer.from(writeMessage(message), "utf8") };
      }),
      ...Array.from({ length: 10 }, (_, seed) => {
        const random = seededRandom(seed + 3000);
        return { adapter: "bai2", bytes: Buffer.from(writeBai2(randomBai2File(random), randomLayout(random)).text, "utf8") };
      }),
    ];
    const statuses = new Set<string>();
    for (let index = 0; index < 400; index++) {
      const base = random.pick(bases);
      const bytes = index % 4 === 0 ? base.bytes : mutateBytes(base.bytes, random, INSERTS, "latin1");
      const policy = random.chance(0.5) ? "strict" : "lenient";
      const { whole, streamed } = await bothOutcomes(base.adapter, bytes, "case.txt", policy, random.int(1, 300));
      expect(streamed, `case ${index}`).toEqual(whole);
      statuses.add(whole.status);
    }
    expect([...statuses].sort()).toEqual(["failed", "ready"]);
  });

  it("gives the whole-bytes errors for a BAI2 file whose unreadable text leaves its totals unchecked, past the first 100", async () => {
    const lines = fixtureBytes("bai2.txt").toString("utf8").trimEnd().split("\n");
    // A wrong account total (checked only in a readable file), then more broken records than are listed.
    const broken = lines.map((line) => (line.startsWith("49,") ? "49,1,9/" : line));
    const late = Array.from({ length: 250 }, (_, i) => (i % 2 === 0 ? `X${i},junk/` : `88,orphan ${i}/`));
    for (const text of [broken.join("\n"), [...broken.slice(0, -1), ...late, broken[broken.length - 1]].join("\r\n"), [...late, ...broken].join("\n")]) {
      for (const policy of ["strict", "lenient"] as const) {
        for (const size of [1, 13, 4096]) {
          const { whole, streamed } = await bothOutcomes("bai2", Buffer.from(text, "utf8"), "broken.bai", policy, size);
          expect(whole.status).toBe(policy === "strict" || text !== broken.join("\n") ? "failed" : "ready");
          expect(streamed, `${policy} ${size}`).toEqual(whole);
          const totalChecked = whole.errors.some((error) => error.message.includes("control total"));
          // Only the readable file reports its wrong total (an error under strict, a warning under lenient); the unreadable ones list 100 errors of the 125 or more.
          if (text === broken.join("\n")) expect(totalChecked).toBe(true);
          else expect({ totalChecked, listed: whole.errors.length }).toEqual({ totalChecked: false, listed: 100 });
        }
      }
    }
  });

  it("reads a file as Windows-1252 when a byte that is not UTF-8 comes only after many chunks", async () => {
    // Longer than the recognition sample, whose bytes name the encoding in the profile.
    let statements = "";
    for (let seed = 1; statements.length < 2 * RECOGNITION_SAMPLE_BYTES; seed++) statements += writeMt940(randomFile(new Random(seed))).text;
    const text = Buffer.from(statements, "latin1");
    // "Müller" in Windows-1252 near the end: the first chunks were valid UTF-8.
    const at = text.lastIndexOf(":86:");
    const bytes = Buffer.concat([text.subarray(0, at + 4), Buffer.from("M\u00fcller ", "latin1"), text.subarray(at + 4)]);
    const { whole, streamed } = await bothOutcomes("mt940", bytes, "late.sta", "lenient", 64);
    expect(whole.detectedSchema?.encoding).toBe("utf-8");
    expect(streamed).toEqual(whole);
    expect(streamed.status).toBe("ready");
    expect(streamed.rowCount).toBeGreaterThan(100);
  });
});

/** Provider CSVs (header-based, and PayPal's STL): each fixture with the adapter it is written for. */
const PROVIDER_CSVS: Array<[file: string, adapter: string]> = [
  ["stripe_payout_itemized.csv", "stripe_payout_itemized"],
  ["stripe_balance_history.csv", "stripe_balance_history"],
  ["stripe_payouts.csv", "stripe_payouts"],
  ["shopify_orders_export.csv", "shopify_orders"],
  ["amazon_settlement_v2_us.txt", "amazon_settlement_v2"],
  ["amazon_settlement_v2_de.txt", "amazon_settlement_v2"],
  ["adyen_settlement_detail_report_batch_42.csv", "adyen_settlement_details"],
  ["bank_chase.csv", "bank_csv"],
  ["bank_debit_credit.csv", "bank_csv"],
  ["STL-20260302.01.009.CSV", "paypal_stl"],
];
const PLUGIN_SAMPLES = [
  "adyen_settlement_detail_report_batch_42.csv",
  "amazon_settlement_v2_us.txt",
  "bank_adyen_eur.camt053.xml",
  "bank_amazon.csv",
  "bank_paypal.csv",
  "bank_statement.csv",
  "paypal_STL-20260302.01.009.CSV",
  "shopify_orders.csv",
  "stripe_balance.csv",
  "stripe_payouts.csv",
].map((name) => `plugins/ecommerce-payouts/samples/${name}`);
const CSV_INSERTS = [",", "\t", '"', '""', "\n", "\r", "\r\n", ",,,", "\uFEFF", "\u00e9", "\u20ac", "1,5", "-", "2026-02-30", "MerchantPayout", "USD", "EUR", "RH", "SB", "CH", "SC"];

function pluginSample(path: string): { adapter: string; bytes: Buffer } {
  const bytes = readFileSync(path);
  return { adapter: recognizeFormat(bytes)?.adapter.name ?? "bank_csv", bytes };
}

describe("profiling a provider CSV streamed", () => {
  it("gives the whole-bytes outcome for every fixture, both policies, any chunk size, gzip", async () => {
    for (const [name, adapter] of PROVIDER_CSVS) {
      const bytes = fixtureBytes(name);
      for (const size of [1, 7, 4096]) {
        const { whole, streamed } = await bothOutcomes(adapter, bytes, name, "strict", size);
        expect(whole.status, name).toBe("ready");
        expect(streamed, `${name} ${size}`).toEqual(whole);
      }
      const gz = await bothOutcomes(adapter, gzipSync(bytes), `${name}.gz`, "lenient", 100);
      expect(gz.streamed, `${name}.gz`).toEqual(gz.whole);
    }
  });

  it("gives the whole-bytes outcome for the packs' sample files", async () => {
    for (const path of PLUGIN_SAMPLES) {
      const { adapter, bytes } = pluginSample(path);
      for (const size of [13, 4096]) {
        const { whole, streamed } = await bothOutcomes(adapter, bytes, path, "strict", size);
        expect(streamed, `${path} ${size}`).toEqual(whole);
      }
    }
  });

  it("gives the whole-bytes outcome for broken files, cut anywhere, in UTF-8 and Windows-1252, ready and failed alike", async () => {
    const random = new Random(20261208);
    const bases = [...PROVIDER_CSVS.map(([name, adapter]) => ({ adapter, bytes: fixtureBytes(name) })), ...PLUGIN_SAMPLES.filter((path) => !path.includes("shopify_orders") && !path.includes("stripe_balance")).map(pluginSample)];
    const statuses = new Set<string>();
    for (let index = 0; index < 300; index++) {
      const base = random.pick(bases);
      const bytes = index % 5 === 0 ? base.bytes : mutateBytes(base.bytes, random, CSV_INSERTS, random.chance(0.3) ? "latin1" : "utf8");
      const { whole, streamed } = await bothOutcomes(base.adapter, bytes, "case.csv", random.chance(0.5) ? "strict" : "lenient", random.int(1, 300));
      expect(streamed, `case ${index}`).toEqual(whole);
      statuses.add(whole.status);
    }
    expect([...statuses].sort()).toEqual(["failed", "ready"]);
  });

  it("reads an Amazon file whose first decimal comma comes after many chunks as a decimal-comma file", async () => {
    const [header, summary, ...amountLines] = fixtureText("amazon_settlement_v2_de.txt").split("\n").filter((line) => line !== "");
    const names = header!.split("\t");
    // The summary's total without decimals (1122,05 and one more line of -0,05), so only a later amount line shows the comma.
    const total = summary!.split("\t");
    total[names.indexOf("total-amount")] = "1122";
    const cent = amountLines[amountLines.length - 1]!.split("\t");
    cent[names.indexOf("amount")] = "-0,05";
    const text = [header, total.join("\t"), ...amountLines, cent.join("\t"), ""].join("\n");
    for (const size of [16, 64]) {
      const { whole, streamed } = await bothOutcomes("amazon_settlement_v2", Buffer.from(text, "utf8"), "late-comma.txt", "strict", size);
      expect(whole.status).toBe("ready");
      expect(streamed, `${size}`).toEqual(whole);
    }
  });

  it("gives an Adyen batch's payout reference to the rows written before its payout row", async () => {
    const name = "adyen_settlement_detail_report_batch_42.csv";
    const { whole, streamed } = await bothOutcomes("adyen_settlement_details", fixtureBytes(name), name, "strict", 16);
    expect(streamed).toEqual(whole);
    // Batch 42's five bookings come before its MerchantPayout; batch 43's one booking has no payout in the file.
    const payout = streamed.detectedSchema!.columns.find((column) => column.name === "@payout_reference");
    expect({ rows: streamed.rowCount, withoutPayout: payout?.nullCount }).toEqual({ rows: 7, withoutPayout: 1 });
  });
});

describe("profiling a BAI2 file without line breaks streamed", () => {
  /** The records one after another, separated by "/" only (and by a few blanks now and then). */
  function withoutLineBreaks(text: string, random: Random): string {
    return text
      .split(/\r?\n/)
      .filter((line) => line !== "")
      .map((line) => (line.endsWith("/") ? line : `${line}/`) + (random.chance(0.2) ? "  " : ""))
      .join("");
  }

  it("gives the whole-bytes outcome, any chunk size, broken or not", async () => {
    const random = new Random(20261209);
    const bases = [
      ...BAI2.filter((name) => !name.includes("fixed-length")).map((name) => fixtureBytes(name).toString("utf8")),
      ...Array.from({ length: 10 }, (_, seed) => {
        const generator = seededRandom(seed + 4000);
        return writeBai2(randomBai2File(generator), { ...randomLayout(generator), fixedLength: false, noLineBreaks: false, recordsPerLine: false, slash: true }).text;
      }),
    ];
    const statuses = new Set<string>();
    for (let index = 0; index < 120; index++) {
      const text = withoutLineBreaks(random.pick(bases), random);
      const bytes = index % 3 === 0 ? Buffer.from(text, "utf8") : mutateBytes(Buffer.from(text, "utf8"), random, ["/", ",", "16,", "88,", " ", "/ ", "49,"], "utf8").filter((byte) => byte !== 10 && byte !== 13);
      const policy = random.chance(0.5) ? "strict" : "lenient";
      for (const size of [1, random.int(2, 90), 4096]) {
        const { whole, streamed } = await bothOutcomes("bai2", Buffer.from(bytes), "flat.bai", policy, size);
        expect(streamed, `case ${index} size ${size}`).toEqual(whole);
        statuses.add(whole.status);
      }
    }
    expect([...statuses].sort()).toEqual(["failed", "ready"]);
  });
});

describe("profiling a fixed-length BAI2 file without line breaks streamed", () => {
  /** Records padded to 80 characters, one after another with no line break: a fixed-length transmission. */
  const fixedFixture = fixtureBytes("bai2/fixed-length.txt").toString("utf8").replace(/\r?\n/g, "");
  const generated = Array.from({ length: 12 }, (_, seed) => {
    const generator = seededRandom(seed + 5000);
    return writeBai2(randomBai2File(generator), { ...randomLayout(generator), fixedLength: true, noLineBreaks: true, recordsPerLine: false, slash: true }).text;
  });

  it("cuts the records across chunks and gives the whole-bytes outcome, any chunk size", async () => {
    expect(fixedFixture.length % 80).toBe(0);
    for (const [index, text] of [fixedFixture, ...generated].entries()) {
      expect(/[\r\n]/.test(text), `case ${index} has no line break`).toBe(false);
      for (const policy of ["strict", "lenient"] as const) {
        for (const size of [1, 7, 79, 80, 81, 4096]) {
          const { whole, streamed } = await bothOutcomes("bai2", Buffer.from(text, "utf8"), "fixed.bai", policy, size);
          expect(streamed, `case ${index} ${policy} ${size}`).toEqual(whole);
        }
      }
    }
    const { streamed } = await bothOutcomes("bai2", Buffer.from(fixedFixture, "utf8"), "fixed.bai", "strict", 7);
    expect({ status: streamed.status, rows: streamed.rowCount }).toEqual({ status: "ready", rows: 2 });
  });

  it("reads a file that only looked fixed-length (a late line break, a length that is no multiple) as read() does, broken or not", async () => {
    const random = new Random(20261211);
    const statuses = new Set<string>();
    const late = (text: string) => `${text.slice(0, text.length - 80)}\n${text.slice(text.length - 80)}`;
    const bases = [fixedFixture, late(fixedFixture), `${fixedFixture}  `, fixedFixture.slice(0, -3), ...generated];
    for (let index = 0; index < 120; index++) {
      const text = random.pick(bases);
      const bytes = index % 4 === 0 ? Buffer.from(text, "utf8") : mutateBytes(Buffer.from(text, "utf8"), random, ["/", ",", "16,", "88,", " ", "    ", "/ ", "49,", "\n"], "utf8");
      const policy = random.chance(0.5) ? "strict" : "lenient";
      for (const size of [1, random.int(2, 200), 4096]) {
        const { whole, streamed } = await bothOutcomes("bai2", bytes, "flat.bai", policy, size);
        expect(streamed, `case ${index} size ${size}`).toEqual(whole);
        statuses.add(whole.status);
      }
    }
    expect([...statuses].sort()).toEqual(["failed", "ready"]);
  });
});

describe("profiling a bank CSV streamed", () => {
  /** The banks' own downloads: a preamble and a closing line (Deutsche Bank), ";" and every value quoted (Sparkasse), Windows-1252. */
  const DOWNLOADS = ["statement.deutsche-bank.csv", "statement.sparkasse.csv", "statement.ing.csv"].map((name) => readFileSync(`tests/fixtures/canonical/${name}`));
  const deutscheBank = DOWNLOADS[0]!.toString("latin1");
  const debitCredit = fixtureText("bank_debit_credit.csv");
  /** Where the header search and the trailer are decided: line breaks of every kind, a BOM, the 30-line limit, quoted trailers. */
  const VARIANTS = [
    deutscheBank.replaceAll("\r\n", "\r"),
    deutscheBank.replaceAll("\r\n", "\n"),
    `\r\n\r\n${deutscheBank}`,
    deutscheBank.replace(/Kontostand;[^\r]*\r\n$/, ' "Kontostand" ;06.04.2026;;;25.140,80;EUR'),
    deutscheBank.replace("\r\nKontostand;", '\r\nKontostand;\r\n  Kontostand  ;;\r\n"Kontostand\r\nKontostand";'),
    `\uFEFF${debitCredit}`,
    `${"Account statement\n".repeat(29)}${debitCredit}`,
    `${"Account statement\r\n".repeat(30)}${debitCredit}`,
    `${"\n".repeat(40)}  \nAccount 1\n${debitCredit}`,
    "",
    debitCredit.split("\n")[0]!,
  ].map((text) => Buffer.from(text, "latin1"));

  it("gives the whole-bytes outcome for the banks' downloads and the header search's edge cases, any chunk size, gzip", async () => {
    const statuses = new Set<string>();
    for (const [index, bytes] of [...DOWNLOADS, ...VARIANTS].entries()) {
      for (const policy of ["strict", "lenient"] as const) {
        for (const size of [1, 2, 7, 4096]) {
          const { whole, streamed } = await bothOutcomes("bank_csv", bytes, "bank.csv", policy, size);
          expect(streamed, `case ${index} ${policy} ${size}`).toEqual(whole);
          statuses.add(whole.status);
        }
      }
      const gz = await bothOutcomes("bank_csv", gzipSync(bytes), "bank.csv.gz", "strict", 100);
      expect(gz.streamed, `case ${index} gzip`).toEqual(gz.whole);
    }
    expect([...statuses].sort()).toEqual(["failed", "ready"]);
  });

  it("reads every row of the downloads, at their physical lines, skipping the preamble and the closing line", async () => {
    const { whole, streamed } = await bothOutcomes("bank_csv", DOWNLOADS[0]!, "db.csv", "strict", 3);
    expect(streamed).toEqual(whole);
    expect({ status: streamed.status, rows: streamed.rowCount }).toEqual({ status: "ready", rows: 8 });
  });

  it("gives the whole-bytes outcome for broken downloads, cut anywhere, ready and failed alike", async () => {
    const random = new Random(20261210);
    const inserts = [";", ",", "\t", '"', "\r", "\n", "\r\n", ";;;", "Kontostand;", "Buchungstag;", "\u00fc", "1.234,56", "-", "Af", "Bij", "EUR"];
    const bases = [...DOWNLOADS, ...VARIANTS.slice(0, 8)];
    const statuses = new Set<string>();
    for (let index = 0; index < 200; index++) {
      const base = random.pick(bases);
      const bytes = index % 5 === 0 ? base : mutateBytes(base, random, inserts, random.chance(0.5) ? "latin1" : "utf8");
      const { whole, streamed } = await bothOutcomes("bank_csv", bytes, "case.csv", random.chance(0.5) ? "strict" : "lenient", random.int(1, 120));
      expect(streamed, `case ${index}`).toEqual(whole);
      statuses.add(whole.status);
    }
    expect([...statuses].sort()).toEqual(["failed", "ready"]);
  });
});
