import type { OutcomeLedger } from "./outcomes";
import type { PassSides } from "./pass-sides";

/** Everything a pass works with: its plan, the two sides' units, the pair checks and the ledger it records to. */
export interface PassContext extends PassSides {
  ledger: OutcomeLedger;
}
