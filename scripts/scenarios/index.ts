import { generateBankingCash } from "./banking-cash";
import { generateEcommercePayouts } from "./ecommerce-payouts";
import type { ScenarioGenerator } from "./support";
import { generateSupplyChainThreeWay } from "./supply-chain-three-way";
import { generateTradingOps } from "./trading-ops";

/** The realistic-scenario generator of each shipped pack, by pack id (the folder name in plugins/). */
export const SCENARIO_GENERATORS: Record<string, ScenarioGenerator> = {
  "banking-cash": generateBankingCash,
  "ecommerce-payouts": generateEcommercePayouts,
  "supply-chain-three-way": generateSupplyChainThreeWay,
  "trading-ops": generateTradingOps,
};

export type { GeneratorOptions, ScenarioGenerator } from "./support";
