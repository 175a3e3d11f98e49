import { describe, expect, it } from "vitest";
import { newId, ulid } from "~/platform/db/ids";

describe("ids", () => {
  it("are prefixed by kind", () => {
    expect(newId("organization")).toMatch(/^org_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(newId("apiKey")).toMatch(/^key_/);
  });

  it("sort by creation time, also within one millisecond", () => {
    const ids = Array.from({ length: 1000 }, () => ulid(1_800_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ulid(1_800_000_000_001) > ids.at(-1)!).toBe(true);
  });
});
