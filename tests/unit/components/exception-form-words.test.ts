import { describe, expect, it } from "vitest";
import { ASSIGNMENT_WORDS, manualMatchWords, plainProblem, STATUS_WORDS } from "~/components/exceptions/form-problems";
import { listOfReferences, matchMoney, whoMatchedWhat } from "~/components/exceptions/manual-match-words";

/**
 * The exceptions forms say the API's refusals in plain words, next to the
 * field they concern (issue #20 §3), and a match made by hand reads as who
 * matched which rows with what money. The problems below are the ones the
 * API sends (app/api/contracts/manual-matches.ts, manual-matches.server.ts,
 * triage.server.ts).
 */
describe("API refusals on the exceptions forms", () => {
  it("puts 'force needs a forceReason' next to the reason field, in words", () => {
    const problem = { title: "Validation failed", status: 400, errors: [{ pointer: "/forceReason", message: "force needs a forceReason" }] };
    expect(plainProblem(problem, manualMatchWords("€12.00"))).toEqual({ summary: null, fields: { forceReason: "Say why the match is right despite the difference." } });
  });

  it("says what to do when the sums differ, with the difference, and never the API's field names", () => {
    const problem = {
      title: "The sides differ by 1200 minor units of EUR (source 10000, target 8800), more than the tolerance of 0; send force with a forceReason to match anyway",
      status: 422,
      errors: [{ pointer: "/force", message: "sums differ beyond tolerance" }],
    };
    const plain = plainProblem(problem, manualMatchWords("€12.00"));
    expect(plain.summary).toBe("The two sides differ by €12.00. To match them anyway, tick “Match despite the difference” and give a reason.");
    expect(plain.summary).not.toMatch(/forceReason|minor units/);
  });

  it("turns a 409 naming exception ids into a sentence without them", () => {
    const problem = { title: "Exception 'exc_01JD8ZK3W6' is resolved; only open exceptions can be matched", status: 409 };
    const plain = plainProblem(problem, manualMatchWords(null));
    expect(plain.summary).toBe("A selected exception is no longer open: only open exceptions can be matched. Reload the list to see where it stands.");
    expect(plain.summary).not.toContain("exc_");
  });

  it("says which side's exception has no amount, for any index", () => {
    const problem = { title: "x", status: 400, errors: [{ pointer: "/targetExceptionIds/3", message: "'exc_9' has no target-side row with an amount" }] };
    expect(plainProblem(problem, manualMatchWords(null)).summary).toBe("A selected target-side exception has no amount, so the sides cannot be compared; unselect it.");
  });

  it("marks the status form's resolution fields, and explains a stale change", () => {
    const missing = { title: "Validation failed", status: 400, errors: [{ pointer: "/resolutionCode", message: "a resolved exception needs a resolution code" }] };
    expect(plainProblem(missing, STATUS_WORDS)).toEqual({ summary: null, fields: { resolutionCode: "Choose why it is closed." } });
    const stale = { title: "Exception 'exc_1' changed while this request ran; reload it and try again", status: 409 };
    expect(plainProblem(stale, STATUS_WORDS).summary).toBe("Someone changed this exception meanwhile; it has been reloaded. Check its status and try again.");
    const move = { title: "An exception cannot go from 'ignored' to 'in_review'", status: 409 };
    expect(plainProblem(move, STATUS_WORDS).summary).toBe("It is ignored now, so it cannot go to in review. Someone may have changed it meanwhile; the form now offers the moves that can follow.");
    const blocked = { title: "Exception 'exc_1' is part of manual match 'mm_1'; undo the match to reopen it", status: 409 };
    expect(plainProblem(blocked, STATUS_WORDS).summary).toBe("It is part of a match made by hand; undo that match to reopen it.");
  });

  it("marks the assignee field when the person left the organization", () => {
    const problem = { title: "No member 'usr_1' in this organization", status: 400, errors: [{ pointer: "/assigneeId", message: "not a member of this organization" }] };
    expect(plainProblem(problem, ASSIGNMENT_WORDS).fields.assigneeId).toBe("That person is no longer a member of this organization; choose someone else.");
  });

  it("keeps a refusal no form knows, by its status or the API's title, so nothing is hidden", () => {
    expect(plainProblem({ title: "The connection failed", status: 0 }, STATUS_WORDS).summary).toBe("The connection to the server failed. Check the network and try again.");
    expect(plainProblem({ title: "Something new went wrong", status: 500 }, STATUS_WORDS).summary).toBe("Something new went wrong");
  });
});

describe("a match made by hand, in words", () => {
  it("names the rows by reference, then counts the rest", () => {
    expect(listOfReferences(["SO-1"])).toBe("SO-1");
    expect(listOfReferences(["SO-1", "SO-2"])).toBe("SO-1 and SO-2");
    expect(listOfReferences(["SO-1", "SO-2", "SO-3", "SO-4", "SO-5"])).toBe("SO-1, SO-2, SO-3 and 2 more");
    expect(whoMatchedWhat("You", ["SO-1003"], ["PAY-9"])).toBe("You matched SO-1003 with PAY-9 by hand");
  });

  it("says the money of each side and a forced difference, in major units", () => {
    const facts = { sourceCount: 2, targetCount: 1, currency: "EUR", sourceTotalMinor: 3000, targetTotalMinor: 2950, differenceMinor: 50 };
    expect(matchMoney(facts)).toBe("2 source exceptions (€30.00) against 1 target exception (€29.50), forced over a difference of €0.50");
    expect(matchMoney({ ...facts, targetTotalMinor: 3000, differenceMinor: 0 })).toBe("2 source exceptions (€30.00) against 1 target exception (€30.00)");
  });
});
