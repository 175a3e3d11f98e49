import { ChaseStatement } from "./bank-statements";
import { adyenScenario, amazonScenario, paypalScenario } from "./ecommerce-providers";
import { stripeScenario } from "./ecommerce-stripe";
import { AnswerKeyBuilder, day, Random, type GeneratorOptions, type ScenarioGenerator } from "./support";

/**
 * E-commerce payouts scenarios: one month of a store selling through Shopify
 * and Stripe, PayPal, Amazon and Adyen. Stripe, PayPal and Amazon pay into
 * one US checking account (one Chase statement, read by every USD stream);
 * Adyen pays EUR into a European account.
 */
export const generateEcommercePayouts: ScenarioGenerator = (options: GeneratorOptions) => {
  const random = new Random(options.seed);
  const key = new AnswerKeyBuilder("ecommerce-payouts", options);
  const bank = new ChaseStatement(random);
  const bankFile = "Chase1234_Activity_20260205.CSV";
  const files = new Map<string, Uint8Array>();
  const parts = [
    stripeScenario(random, options.size, key, bank, bankFile),
    paypalScenario(random, key, bank, bankFile),
    amazonScenario(random, options.seed, key, bank, bankFile),
    adyenScenario(random, key),
  ];
  for (const part of parts) for (const [name, bytes] of part) files.set(name, bytes);
  bank.addNoise(day("2026-01-02"), day("2026-02-17"), 8);
  files.set(bankFile, bank.bytes(random.int(1_000_000, 5_000_000)));
  return { files, answerKey: key.key };
};
