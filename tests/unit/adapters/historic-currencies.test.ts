import { describe, expect, it } from "vitest";
import { currencyDigits, historicCurrencyCodes } from "~/core/adapters/support/historic-currencies";
import currencyCodes from "currency-codes";
import { currencyExponent, isHistoricCurrencyCode, isIsoCurrencyCode } from "~/core/values/currency";

describe("historic ISO 4217 currencies", () => {
  it("gives withdrawn codes their booking exponents and marks them historic", () => {
    expect(currencyDigits("DEM")).toEqual({ exponent: 2, historic: true });
    expect(currencyDigits("ITL")).toEqual({ exponent: 0, historic: true });
    expect(currencyDigits("BEF")).toEqual({ exponent: 0, historic: true });
    expect(currencyDigits("XEU")).toEqual({ exponent: 2, historic: true });
  });

  it("leaves current codes to the current list and refuses codes that never were", () => {
    expect(currencyDigits("EUR")).toEqual({ exponent: 2, historic: false });
    expect(currencyDigits("KWD")).toEqual({ exponent: 3, historic: false });
    expect(currencyDigits("XEX")).toBeUndefined();
  });

  it("holds only codes the current list no longer has (a current code must not be shadowed)", () => {
    for (const code of historicCurrencyCodes()) expect({ code, current: currencyCodes.code(code)?.digits }).toEqual({ code, current: undefined });
  });

  it("is one table for the readers and the engine: historic codes are currencies everywhere, and flagged", () => {
    expect(currencyExponent("ITL")).toBe(0);
    expect(currencyExponent("dem")).toBe(2);
    expect(isIsoCurrencyCode("DEM")).toBe(true);
    expect(isHistoricCurrencyCode("DEM")).toBe(true);
    expect(isHistoricCurrencyCode("EUR")).toBe(false);
  });
});
