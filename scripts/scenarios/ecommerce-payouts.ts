import { ChaseStatement, EuroStatement, type EuroStatementFormat } from "./bank-statements";
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
  // The euro account's download format rotates with the seed: seeds 1–3 see all three.
  const euroFormats: EuroStatementFormat[] = ["camt053", "deutsche_bank_csv", "mt940"];
  const euroBank = new EuroStatement(euroFormats[options.seed % euroFormats.length]!);
  const parts = [
    stripeScenario(random, options.size, key, bank, bankFile),
    paypalScenario(random, key, bank, bankFile),
    amazonScenario(random, options.seed, key, { usd: bank, usdFile: bankFile, eur: euroBank, eurFile: euroBank.fileName() }),
    adyenScenario(random, key, euroBank),
  ];
  for (const part of parts) for (const [name, bytes] of part) files.set(name, bytes);
  bank.addNoise(day("2026-01-02"), day("2026-02-17"), 8);
  files.set(bankFile, bank.bytes(random.int(1_000_000, 5_000_000)));
  files.set(euroBank.fileName(), euroBank.bytes(random.int(500_000, 2_000_000)));
  return { files, answerKey: key.key };
};
