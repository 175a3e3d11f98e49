import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { responseContracts } from "../../support/response-contracts";
import { apiClient, startWebApp } from "../../support/web";
import { platformAndTenancyCalls, ruleSetAndFileCalls, type Call, type Clients } from "./response-contracts/calls";
import { makeFixtures, type Fixtures } from "./response-contracts/fixtures";
import { streamCalls, templateExceptionAndReconciliationCalls } from "./response-contracts/more-calls";

/**
 * Every documented operation, called at least once, answers as the OpenAPI
 * document says: a documented status, the documented content type, and a body
 * the documented schema accepts. A new route or a drifted serializer fails here.
 */
const contracts = responseContracts();
let fixtures: Fixtures;
let clients: Clients;
const created: Record<string, string> = {};

beforeAll(async () => {
  const { baseUrl } = await startWebApp();
  fixtures = await makeFixtures(baseUrl);
  clients = {
    owner: contracts.wrap(apiClient(baseUrl, fixtures.org.keys.owner)),
    anonymous: contracts.wrap(apiClient(baseUrl)),
    async raw(method, target, init) {
      const response = await fetch(baseUrl + target, { ...init, method, headers: { Authorization: `Bearer ${fixtures.org.keys.owner}` } });
      await contracts.check(method, target, response);
      return response;
    },
  };
});

/** Runs the call; says what went wrong, if anything, so one group reports all its misses at once. */
async function run(call: Call): Promise<string | undefined> {
  const response = await call.send(clients, fixtures, created);
  const text = await response.text();
  if (response.status !== call.status) return `${call.name}: ${response.status}, expected ${call.status}: ${text.slice(0, 300)}`;
  if (call.keep) created[call.keep] = (JSON.parse(text) as { id: string }).id;
  return undefined;
}

describe("every documented response matches the OpenAPI document", () => {
  const groups = { platformAndTenancyCalls, ruleSetAndFileCalls, streamCalls, templateExceptionAndReconciliationCalls };
  for (const [group, calls] of Object.entries(groups)) {
    it(`${group}: each call answers as documented`, async () => {
      const misses: string[] = [];
      for (const call of calls) {
        const miss = await run(call);
        if (miss) misses.push(miss);
      }
      expect(misses).toEqual([]);
    });
  }

  it("no response broke its contract", () => {
    expect(contracts.violations).toEqual([]);
  });

  it("every documented operation was called", () => {
    expect(contracts.uncovered()).toEqual([]);
  });
});

afterAll(() => {
  if (contracts.violations.length > 0) console.error(contracts.violations.join("\n"));
});
