import { describe, expect, it } from "vitest";
import { describeLocation } from "~/components/problem";

describe("describeLocation", () => {
  it("names the character of an expression after its pointer, so an editor can point at it", () => {
    expect(describeLocation({ pointer: "/definition/source/filter", position: 9, message: "unknown function 'require'" })).toBe("/definition/source/filter, character 9");
  });

  it("leaves a location without a position as it was", () => {
    expect(describeLocation({ file: "bank.csv", line: 12, column: 3, message: "not an amount" })).toBe("bank.csv, line 12, column 3");
  });
});
