import { readFileSync } from "node:fs";
import path from "node:path";
import type { Runner } from "graphile-worker";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/platform/db/client";
import { exceptions } from "~/platform/db/schema";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { writeStatement, type Statement } from "../../support/pack-bank-formats";
import { startTestWorker, waitForRunEnd } from "../../support/streams";
import { uploadAndProfile } from "../../support/uploads";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * Issue #19 end to end: the e-commerce pack, instantiated through the API,
 * takes the customer's bank statement in whatever format the bank writes.
 * The Amazon stream runs on the pack's settlement sample and an MT940 of the
 * same bank lines as the pack's Chase sample, and raises what pack:test
 * expects from the Chase one.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PACK = path.resolve("plugins/ecommerce-payouts");

/** samples/bank_amazon.csv, line for line. */
const AMAZON_BANK: Statement = {
  account: "0001234567",
  currency: "USD",
  statementId: "STMT-2026-03",
  openingMinor: 500000n,
  entries: [
    { bookingDate: "2026-03-04", amountMinor: 2583n, remittance: "ORIG CO NAME:AMAZON.COM SVCS ORIG ID:9111111103 DESC DATE:260304 CO ENTRY DESCR:SETTLEMENT ID 12345678901", bankReference: "B0000001" },
    { bookingDate: "2026-03-04", amountMinor: -21240n, remittance: "VERIZON WIRELESS PAYMENTS", bankReference: "B0000002" },
    { bookingDate: "2026-03-18", amountMinor: 41020n, remittance: "ORIG CO NAME:AMAZON.COM SVCS ORIG ID:9111111103 DESC DATE:260318 CO ENTRY DESCR:SETTLEMENT ID 12345679777", bankReference: "B0000003" },
  ],
};

let baseUrl: string;
let org: TestOrg;
let admin: ApiClient;
let runner: Runner;
let instantiation: { streams: Array<{ key: string; id: string }> };

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Any Bank Shop");
  admin = apiClient(baseUrl, org.keys.admin);
  runner = await startTestWorker(2);
  const response = await admin.post("/api/v1/templates/ecommerce-payouts/instantiate", { name: "Marketplace payouts" });
  expect(response.status, await response.clone().text()).toBe(201);
  instantiation = (await response.json()) as typeof instantiation;
}, 180_000);

afterAll(async () => {
  await runner?.stop();
});

function upload(name: string, bytes: Uint8Array): Promise<Json> {
  return uploadAndProfile(baseUrl, org.keys.operator, name, bytes);
}

describe("the e-commerce pack on the customer's own bank format", () => {
  it("runs the Amazon stream on an MT940 statement and raises what pack:test expects from the Chase sample", async () => {
    const settlement = await upload("amazon_settlement_v2_us.txt", readFileSync(path.join(PACK, "samples/amazon_settlement_v2_us.txt")));
    const bank = await upload("statement.sta", new TextEncoder().encode(writeStatement(AMAZON_BANK, "mt940")));
    expect(bank.format.canonicalSchema).toBe("bank_statement_line");

    const stream = instantiation.streams.find((candidate) => candidate.key === "amazon-bank")!;
    const started = await apiClient(baseUrl, org.keys.operator).post(`/api/v1/streams/${stream.id}/runs`, { parameters: { amazon_settlement: settlement.id, bank: bank.id } });
    expect(started.status, await started.clone().text()).toBe(202);
    const run = await waitForRunEnd(admin, ((await started.json()) as Json).id);
    expect(run.state).toBe("succeeded");

    const raised = await getDb().select({ type: exceptions.type, amountMinor: exceptions.amountMinor, currency: exceptions.currency }).from(exceptions).where(eq(exceptions.streamRunId, run.id as string));
    const expected = JSON.parse(readFileSync(path.join(PACK, "expected/amazon-bank.json"), "utf8")) as { exceptions: Json[] };
    expect(raised.map((exception) => ({ ...exception, amountMinor: exception.amountMinor === null ? null : Number(exception.amountMinor) }))).toEqual(
      expected.exceptions.map((exception) => ({ type: exception.type, amountMinor: exception.amountMinor, currency: exception.currency })),
    );
  }, 180_000);
});
