import { describe, expect, it } from "vitest";
import { columnTokens, isSecondaryAmountName, readColumnName, sharedNameTokens } from "~/core/engine/suggest/column-names";

const bestConcept = (name: string) => readColumnName(name)[0]?.concept ?? null;

describe("columnTokens", () => {
  it("splits spaces, underscores, brackets and camelCase into the same lower-case words", () => {
    expect(columnTokens("Order ID")).toEqual(["order", "id"]);
    expect(columnTokens("order_id")).toEqual(["order", "id"]);
    expect(columnTokens("orderId")).toEqual(["order", "id"]);
    expect(columnTokens("payment_metadata[order_id]")).toEqual(["payment", "metadata", "order", "id"]);
    expect(columnTokens("createdAtUTC")).toEqual(["created", "at", "utc"]);
    expect(columnTokens("E-Mail")).toEqual(["e", "mail"]);
  });

  it("gives no tokens for a header of punctuation only", () => {
    expect(columnTokens(" #- ")).toEqual([]);
  });
});

describe("readColumnName", () => {
  it("reads identifier, reference, amount, date, currency, email, counterparty and description headers", () => {
    expect(
      ["Order ID", "order_ref", "Total", "Posting Date", "Currency Code", "customer_email", "Payee", "Narrative"].map(bestConcept),
    ).toEqual(["id", "reference", "amount", "date", "currency", "email", "counterparty", "description"]);
  });

  it("reads a bracketed Stripe metadata key by its words", () => {
    expect(bestConcept("payment_metadata[order_id]")).toBe("id");
  });

  it("scores a header made only of the concept's words above one with extra words", () => {
    const plain = readColumnName("currency")[0]!;
    const longer = readColumnName("customer_facing_currency").find((reading) => reading.concept === "currency")!;
    expect(plain.score).toBe(1);
    expect(longer.score).toBeLessThan(plain.score);
  });

  it("ranks the record's total above secondary amounts such as discounts and refunds", () => {
    const score = (name: string) => readColumnName(name).find((reading) => reading.concept === "amount")!.score;
    expect(score("Total")).toBeGreaterThan(score("Discount Amount"));
    expect(score("Total")).toBeGreaterThan(score("Refunded Amount"));
    expect(isSecondaryAmountName("Balance")).toBe(true);
    expect(isSecondaryAmountName("Total")).toBe(false);
  });

  it("prefers when the payment happened over when the record was touched", () => {
    const score = (name: string) => readColumnName(name).find((reading) => reading.concept === "date")!.score;
    expect(score("Paid at")).toBeGreaterThan(score("Created at"));
    expect(score("Created at")).toBeGreaterThan(score("updated_at"));
  });

  it("reads a bare Name as a counterparty; the Shopify order-number case needs the values", () => {
    expect(readColumnName("Name")).toEqual([{ concept: "counterparty", score: 0.6, tokens: ["name"] }]);
  });

  it("reads nothing into a header without known words", () => {
    expect(readColumnName("Lineitem sku")).toEqual([]);
  });
});

describe("sharedNameTokens", () => {
  it("keeps the words that name what is identified and drops generic ones", () => {
    expect(sharedNameTokens("Order ID", "order_ref")).toEqual(["order"]);
    expect(sharedNameTokens("charge_id", "Payment ID")).toEqual([]);
  });
});
