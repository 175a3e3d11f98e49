import type { SerializeFrom } from "@remix-run/node";
import type { QuickRunResults } from "~/api/views/quick-run.server";

/** A quick run's results as the page receives them (the loader sends getQuickRunResults as JSON). */
export type ResultsData = SerializeFrom<QuickRunResults>;
