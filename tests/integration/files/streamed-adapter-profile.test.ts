import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { getAdapter, RECOGNITION_SAMPLE_BYTES } from "~/core/adapters";
import { streamingReaderOf } from "~/core/adapters/streaming/readers";
import type { FileFormat } from "~/core/adapters/file-format";
import { profileStreamed } from "~/modules/files/profile-streamed-adapter.server";
import { profileWholeBytes, type AdapterProfilingFile } from "~/modules/files/profile-with-adapter.server";
import { randomFile as randomBai2File, randomLayout, seededRandom, writeBai2 } from "../../support/bank-statements/bai2";
import { randomMessage, writeMessage } from "../../support/bank-statements/camt";
import { randomFile, writeMt940 } from "../../support/bank-statements/mt940";
import { mutateBytes } from "../../support/bank-statements/mutate-bytes";
import { Random } from "../../support/bank-statements/random";
import { fixtureBytes } from "../../unit/adapters/support";

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
