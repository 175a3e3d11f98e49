import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkManifest, compilePack, parseManifest } from "~/modules/templates/packs/compile-pack";
import { parseDuration, parseMoneyAmount, parsePercentage } from "~/modules/templates/packs/parameter-types";
import { packManifestSchema, type PackManifest, type PackParameter } from "~/modules/templates/packs/pack-schema";
import { resolveParameterValues, substituteParameters } from "~/modules/templates/packs/parameters";

const manifestJson = (pack: string) => JSON.parse(readFileSync(path.resolve("plugins", pack, "reconstream-pack.json"), "utf8")) as Record<string, unknown>;

describe("money parameters", () => {
  it("major-unit text becomes exact minor units for 0, 2 and 3-digit currencies", () => {
    expect(parseMoneyAmount("1000.00", "USD")).toEqual({ amount: "1000.00", currency: "USD", minor: 100000 });
    expect(parseMoneyAmount("0.29", "EUR")).toEqual({ amount: "0.29", currency: "EUR", minor: 29 });
    expect(parseMoneyAmount("1.5", "USD")).toEqual({ amount: "1.5", currency: "USD", minor: 150 });
    expect(parseMoneyAmount("1500", "JPY")).toEqual({ amount: "1500", currency: "JPY", minor: 1500 });
    expect(parseMoneyAmount("12.345", "KWD")).toEqual({ amount: "12.345", currency: "KWD", minor: 12345 });
  });

  it("refuses more decimals than the currency has, numbers, negative amounts and unknown currencies", () => {
    expect(parseMoneyAmount("0.001", "USD")).toEqual({ field: "amount", message: "USD has 2 decimal places: write at most 2, e.g. 1000.00" });
    expect(parseMoneyAmount("10.5", "JPY")).toEqual({ field: "amount", message: "JPY has no minor units: write a whole amount such as 1000" });
    expect(parseMoneyAmount(1000, "USD")).toEqual({ field: "amount", message: 'must be decimal text in major units, e.g. "1000.00" (a JSON number is not exact)' });
    expect(parseMoneyAmount("-5.00", "USD")).toEqual({ field: "amount", message: "must be a non-negative decimal amount in major units such as 1000.00" });
    expect(parseMoneyAmount("1,000.00", "USD")).toEqual({ field: "amount", message: "must be a non-negative decimal amount in major units such as 1000.00" });
    expect(parseMoneyAmount("1.00", "XYZ")).toEqual({ field: "currency", message: "must be an ISO 4217 currency code such as USD" });
  });

  const declared: Record<string, PackParameter> = {
    currency: { type: "currency", description: "c", default: "EUR" },
    over: { type: "money", description: "o", currencyFrom: "currency", default: { amount: "1000.00" } },
    fee: { type: "money", description: "f", default: { amount: "2.50", currency: "USD" } },
  };

  it("follows its currency parameter, and is located by part when a value does not fit", () => {
    expect(resolveParameterValues(declared, { currency: "KWD", over: { amount: "1.250" } }).values).toEqual({ currency: "KWD", over: { amount: "1.250", currency: "KWD" }, fee: { amount: "2.50", currency: "USD" } });
    expect(resolveParameterValues(declared, { currency: "JPY", over: { amount: "1000.50" }, fee: { amount: "1", currency: "GBP" } }).problems).toEqual([
      { pointer: "/parameters/over/amount", message: "over JPY has no minor units: write a whole amount such as 1000" },
    ]);
    expect(resolveParameterValues(declared, { over: { amount: "5.00", currency: "USD" }, fee: "2.50" }).problems).toEqual([
      { pointer: "/parameters/over/currency", message: "over follows parameter 'currency' (EUR): omit it or give EUR" },
      { pointer: "/parameters/fee", message: 'fee must be { "amount": "1000.00", "currency": "USD" } (amount in major units, as text)' },
    ]);
  });

  it("a refused currency is reported once, not again on the money that follows it", () => {
    expect(resolveParameterValues(declared, { currency: "U$", over: { amount: "5.00" } }).problems).toEqual([{ pointer: "/parameters/currency", message: "currency must be an ISO 4217 currency code such as USD" }]);
  });

  it("stands for minor units where the rule set wants them, and names its parts explicitly elsewhere", () => {
    const { resolved } = resolveParameterValues(declared, { currency: "KWD", over: { amount: "7.125" } });
    const { value, problems } = substituteParameters(
      { severity: { amountThresholds: [{ overMinor: "{{params.over}}" }] }, amount: { toleranceMinor: "{{params.over.minor}}" }, filter: 'currency = "{{params.over.currency}}" and amount > {{params.over.amount}}' },
      resolved,
    );
    expect(problems).toEqual([]);
    expect(value).toEqual({ severity: { amountThresholds: [{ overMinor: 7125 }] }, amount: { toleranceMinor: 7125 }, filter: 'currency = "KWD" and amount > 7.125' });
  });
});

describe("duration and percentage parameters", () => {
  it("durations are ISO 8601 days and hours or friendly text", () => {
    expect(parseDuration("P3D")).toEqual({ iso: "P3D", hours: 72 });
    expect(parseDuration("PT12H")).toEqual({ iso: "PT12H", hours: 12 });
    expect(parseDuration("P1DT12H")).toEqual({ iso: "PT36H", hours: 36 });
    expect(parseDuration("2 weeks")).toEqual({ iso: "P14D", hours: 336 });
    expect(parseDuration("P0D")).toEqual({ iso: "P0D", hours: 0 });
    expect(parseDuration("P1M")).toEqual({ message: 'must be a duration in days or hours: ISO 8601 such as "P3D" or "PT12H", or "3 days"' });
    expect(parseDuration(3)).toEqual({ message: 'must be a duration in days or hours: ISO 8601 such as "P3D" or "PT12H", or "3 days"' });
  });

  it("percent text becomes exact basis points; a third decimal is refused", () => {
    expect(parsePercentage("1.5")).toEqual({ percent: "1.5", basisPoints: 150 });
    expect(parsePercentage("0.05")).toEqual({ percent: "0.05", basisPoints: 5 });
    expect(parsePercentage("2")).toEqual({ percent: "2", basisPoints: 200 });
    expect(parsePercentage("0.125")).toEqual({ message: "must have at most two decimals (one basis point is 0.01%)" });
    expect(parsePercentage(1.5)).toEqual({ message: 'must be a percentage as decimal text such as "1.5" (a JSON number is not exact)' });
    expect(parsePercentage("101")).toEqual({ message: "must be at most 100" });
  });

  const declared: Record<string, PackParameter> = {
    window: { type: "duration", description: "w", default: "P3D" },
    cutoff: { type: "duration", description: "c", default: "PT12H" },
    price: { type: "percentage", description: "p", default: "1.5" },
  };
  const { resolved } = resolveParameterValues(declared, {});

  it("substitute as whole days and basis points where the field wants them", () => {
    const { value, problems } = substituteParameters(
      { windowDays: "{{params.window}}", amount: { toleranceBasisPoints: "{{params.price}}" }, other: { days: "{{params.window.days}}", hours: "{{params.cutoff.hours}}", bps: "{{params.price.basisPoints}}", note: "{{params.price.percent}}% within {{params.window.iso}}" } },
      resolved,
    );
    expect(problems).toEqual([]);
    expect(value).toEqual({ windowDays: 3, amount: { toleranceBasisPoints: 150 }, other: { days: 3, hours: 12, bps: 150, note: "1.5% within P3D" } });
  });

  it("a type that does not fit its field is refused at the field's pointer", () => {
    const definition = { passes: [{ amount: { toleranceMinor: "{{params.price}}" }, date: { windowDays: "{{params.cutoff}}" } }], filter: "x > {{params.window}}" };
    expect(substituteParameters(definition, resolved, "/ruleSets/2/definition").problems).toEqual([
      { pointer: "/ruleSets/2/definition/passes/0/amount/toleranceMinor", message: "{{params.price}} is a percentage, but this field takes integer minor units: declare a money parameter" },
      { pointer: "/ruleSets/2/definition/passes/0/date/windowDays", message: "{{params.cutoff}} is PT12H, not a whole number of days; this field takes whole days (write e.g. P1D or P2D)" },
      { pointer: "/ruleSets/2/definition/filter", message: "{{params.window}}: a duration stands alone only where days are expected (windowDays); write {{params.window.days}}, {{params.window.hours}} or {{params.window.iso}}" },
    ]);
  });
});

describe("time zones", () => {
  it("must be IANA zone names, not abbreviations or offsets", () => {
    const declared: Record<string, PackParameter> = { zone: { type: "timeZone", description: "z", default: "UTC" } };
    expect(resolveParameterValues(declared, { zone: "America/New_York" }).problems).toEqual([]);
    for (const zone of ["EST", "+01:00", "Mars/Olympus"]) {
      expect(resolveParameterValues(declared, { zone }).problems).toEqual([{ pointer: "/parameters/zone", message: "zone must be an IANA time zone such as Europe/Berlin" }]);
    }
  });
});

describe("manifest versions", () => {
  const bankingV1 = (): Record<string, unknown> => {
    const json = manifestJson("banking-cash");
    delete json.manifestVersion;
    json.parameters = { ...(json.parameters as object), timingWindow: { type: "integer", description: "days", default: 5, minimum: 0 } };
    return json;
  };
  const parsed = (json: unknown): PackManifest => {
    const { manifest, problems } = parseManifest(json);
    expect(problems).toEqual([]);
    return manifest!;
  };

  it("a version 1 pack with integer parameters loads and compiles unchanged", () => {
    const manifest = parsed(bankingV1());
    expect(manifest.manifestVersion).toBeUndefined();
    expect(checkManifest(manifest)).toEqual([]);
    const ruleSet = compilePack(manifest, { timingWindow: 4 }).compiled!.ruleSets[0]!;
    expect(ruleSet.definition.passes.map((pass) => pass.date?.windowDays)).toContain(4);
  });

  it("a version 1 pack using a typed parameter gets a located message to add manifestVersion 2", () => {
    const json = bankingV1();
    (json.parameters as Record<string, unknown>).timingWindow = { type: "duration", description: "d", default: "P5D" };
    expect(checkManifest(parsed(json))).toContainEqual({ pointer: "/parameters/timingWindow/type", message: `'duration' parameters are manifest version 2: add "manifestVersion": 2 at the top of the manifest` });
  });

  it("a version 2 pack with an integer in minor units or basis points is told what to write instead", () => {
    const manifest = packManifestSchema.parse({ ...manifestJson("supply-chain-three-way"), manifestVersion: 2 });
    manifest.parameters.priceTolerance = { type: "integer", description: "bps", default: 200 };
    const pointers = checkManifest(manifest).filter((problem) => problem.message.includes("manifest version 1 form"));
    expect(pointers[0]).toEqual({
      pointer: expect.stringMatching(/^\/ruleSets\/\d+\/definition\/passes\/\d+\/amount\/toleranceBasisPoints$/),
      message: `priceTolerance is an integer in basis points, the manifest version 1 form: in version 2 declare it { "type": "percentage", "default": "2.00" } (percent text) and keep "{{params.priceTolerance}}" here: it becomes basis points`,
    });
  });

  it("typed declarations are checked: currencyFrom names a currency parameter, a fileInput names a pack input and real file kinds", () => {
    const manifest = packManifestSchema.parse(manifestJson("banking-cash"));
    manifest.parameters.limit = { type: "money", description: "l", currencyFrom: "glCashAccount", default: { amount: "1.00" }, maximum: 5 };
    manifest.parameters.statementFile = { type: "fileInput", description: "s", input: "statements", accepts: ["bank_statement_line", "pdf_scans"] };
    expect(checkManifest(manifest)).toEqual([
      { pointer: "/parameters/limit/maximum", message: "a money parameter takes no maximum" },
      { pointer: "/parameters/limit/currencyFrom", message: "names no currency parameter of the pack ('glCashAccount')" },
      { pointer: "/parameters/statementFile/input", message: "no input 'statements' in the pack's inputs" },
      { pointer: "/parameters/statementFile/accepts/1", message: "'pdf_scans' is neither a canonical schema nor a format adapter" },
    ]);
  });

  it("an unknown manifest version is refused at its pointer", () => {
    expect(parseManifest({ ...manifestJson("banking-cash"), manifestVersion: 3 }).problems).toEqual([{ pointer: "/manifestVersion", message: "this Reconstream reads manifest versions 1 and 2" }]);
  });
});
