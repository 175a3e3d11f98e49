import { describe, expect, it } from "vitest";
import { canonicalZoneNames, formatOffset, searchZones, zoneChoices, zoneOffsetMinutes } from "~/core/values/zone-choices";

const JANUARY = new Date("2026-01-15T12:00:00Z");
const JULY = new Date("2026-07-15T12:00:00Z");

describe("zone choices: canonical names with their offsets", () => {
  it("reads each zone's offset at the given moment, daylight saving included", () => {
    expect(zoneOffsetMinutes("Pacific/Auckland", JANUARY)).toBe(13 * 60);
    expect(zoneOffsetMinutes("Pacific/Auckland", JULY)).toBe(12 * 60);
    expect(zoneOffsetMinutes("America/New_York", JANUARY)).toBe(-5 * 60);
    expect(zoneOffsetMinutes("Asia/Kolkata", JULY)).toBe(5 * 60 + 30);
    expect(zoneOffsetMinutes("UTC", JULY)).toBe(0);
  });

  it("spells offsets as UTC±hh:mm", () => {
    expect(formatOffset(0)).toBe("UTC");
    expect(formatOffset(330)).toBe("UTC+05:30");
    expect(formatOffset(-180)).toBe("UTC−03:00");
  });

  it("lists current IANA names once each, UTC first, west to east", () => {
    const names = canonicalZoneNames();
    expect(names[0]).toBe("UTC");
    expect(names).toContain("Asia/Kolkata");
    expect(names).toContain("Europe/Kyiv");
    expect(names).not.toContain("Asia/Calcutta");
    expect(new Set(names).size).toBe(names.length);
    const choices = zoneChoices(JANUARY);
    expect(choices.length).toBe(names.length);
    for (let index = 1; index < choices.length; index++) expect(choices[index]!.offsetMinutes).toBeGreaterThanOrEqual(choices[index - 1]!.offsetMinutes);
    expect(choices.find((choice) => choice.name === "Pacific/Auckland")?.offset).toBe("UTC+13:00");
    expect(choices.find((choice) => choice.name === "America/New_York")?.offset).toBe("UTC−05:00");
  });

  it("finds zones by city with spaces, by region and by offset", () => {
    const choices = zoneChoices(JANUARY);
    expect(searchZones(choices, "new york").map((choice) => choice.name)).toEqual(["America/New_York"]);
    expect(searchZones(choices, "auck")[0]?.name).toBe("Pacific/Auckland");
    expect(searchZones(choices, "kolkata")[0]?.name).toBe("Asia/Kolkata");
    const plusFiveThirty = searchZones(choices, "+5:30").map((choice) => choice.name);
    expect(plusFiveThirty).toContain("Asia/Kolkata");
    expect(plusFiveThirty.every((name) => zoneOffsetMinutes(name, JANUARY) === 330)).toBe(true);
    expect(searchZones(choices, "utc-5").map((choice) => choice.name)).toContain("America/New_York");
    expect(searchZones(choices, "europe berlin").map((choice) => choice.name)).toEqual(["Europe/Berlin"]);
    expect(searchZones(choices, "nowhere at all")).toEqual([]);
    expect(searchZones(choices, "", 10)).toHaveLength(10);
  });
});
