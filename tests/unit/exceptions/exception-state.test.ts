import { describe, expect, it } from "vitest";
import { exceptionStateMachine } from "~/modules/exceptions/lifecycle/exception-state.server";

describe("the exception state machine", () => {
  it("allows exactly the triage transitions", () => {
    const statuses = ["open", "in_review", "resolved", "written_off", "ignored"] as const;
    const allowed = statuses.flatMap((from) => statuses.filter((to) => exceptionStateMachine.canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual([
      "open→in_review",
      "open→resolved",
      "open→written_off",
      "open→ignored",
      "in_review→open",
      "in_review→resolved",
      "in_review→written_off",
      "in_review→ignored",
      "resolved→open",
      "written_off→open",
      "ignored→open",
    ]);
  });

  it("throws a 409 Conflict naming an illegal transition", () => {
    expect(() => exceptionStateMachine.assertTransition("resolved", "written_off")).toThrow("An exception cannot go from 'resolved' to 'written_off'");
  });
});
