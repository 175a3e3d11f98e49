import { describe, expect, it } from "vitest";
import { instantiateInputFromForm } from "~/http/forms/template-forms.server";
import type { PackParameter } from "~/modules/templates/packs/pack-schema";

/** The Use-this-template form read back with each parameter's declared type; judging the values is the service's job. */
const declared: Record<string, PackParameter> = {
  strict: { type: "boolean", description: "d", default: true },
  mode: { type: "enum", description: "d", default: "fast", options: ["fast", "strict"] },
  basisPoints: { type: "number", description: "d", default: 1.5 },
  from: { type: "date", description: "d", default: "2026-01-01" },
  account: { type: "string", description: "d", default: "1000" },
  currency: { type: "currency", description: "d", default: "USD" },
};

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

describe("reading the Use this template form", () => {
  it("gives each value its declared type", () => {
    const input = instantiateInputFromForm(
      formOf({ name: "Copy", version: "1.2.0", "parameters.strict": "true", "parameters.mode": "strict", "parameters.basisPoints": "2.25", "parameters.from": "2026-02-01", "parameters.account": " 4000 ", "parameters.currency": "chf" }),
      declared,
    );
    expect(input).toEqual({ name: "Copy", version: "1.2.0", parameters: { strict: true, mode: "strict", basisPoints: 2.25, from: "2026-02-01", account: "4000", currency: "CHF" } });
  });

  it("an unchecked box is false, a field not posted keeps the default, a blank or non-numeric number goes on as text for the service to name", () => {
    const input = instantiateInputFromForm(formOf({ name: "Copy", "parameters.basisPoints": "abc" }), declared);
    expect(input.parameters).toEqual({ strict: false, basisPoints: "abc" });
    expect(instantiateInputFromForm(formOf({ name: "Copy", "parameters.basisPoints": "" }), declared).parameters.basisPoints).toBe("");
  });

  it("reads money as amount and currency, a duration as count and unit, and skips file inputs", () => {
    const typed: Record<string, PackParameter> = {
      currency: { type: "currency", description: "d", default: "USD" },
      over: { type: "money", description: "d", currencyFrom: "currency", default: { amount: "1000.00" } },
      fee: { type: "money", description: "d", default: { amount: "2.50", currency: "EUR" } },
      window: { type: "duration", description: "d", default: "P3D" },
      cutoff: { type: "duration", description: "d", default: "PT12H" },
      price: { type: "percentage", description: "d", default: "1.5" },
      bank: { type: "fileInput", description: "d", input: "bank", accepts: ["bank_statement_line"] },
    };
    const input = instantiateInputFromForm(
      formOf({
        name: "Copy",
        "parameters.currency": "eur",
        "parameters.over.amount": " 250.50 ",
        "parameters.fee.amount": "3",
        "parameters.fee.currency": "gbp",
        "parameters.window.count": "5",
        "parameters.window.unit": "days",
        "parameters.cutoff.count": "6",
        "parameters.cutoff.unit": "hours",
        "parameters.price": "0.25",
        "parameters.bank": "ignored",
      }),
      typed,
    );
    expect(input.parameters).toEqual({ currency: "EUR", over: { amount: "250.50" }, fee: { amount: "3", currency: "GBP" }, window: "5 days", cutoff: "6 hours", price: "0.25" });
  });
});
