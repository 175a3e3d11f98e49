import { z } from "zod";
import { MAX_WIZARD_INPUTS, MAX_WIZARD_STEPS, type ScratchStart } from "~/modules/streams";

/**
 * The new-stream wizard's "from scratch" answers, read from the query string
 * (the wizard is a GET form, so the editor's URL says how it was started).
 * Odd values fall back to defaults rather than failing: the editor shows
 * what is still missing anyway.
 */
const ScratchQuery = z.object({
  start: z.literal("scratch"),
  name: z.string().trim().max(200).catch(""),
  inputs: z.string().max(2000).catch(""),
  steps: z.coerce.number().int().min(0).max(MAX_WIZARD_STEPS).catch(1),
});

export function scratchStartOf(searchParams: URLSearchParams): ScratchStart | null {
  const parsed = ScratchQuery.safeParse(Object.fromEntries(searchParams));
  if (!parsed.success) return null;
  const names = parsed.data.inputs
    .split(/[,\n]/)
    .map((name) => name.trim())
    .filter(Boolean);
  return { name: parsed.data.name, inputs: [...new Set(names)].slice(0, MAX_WIZARD_INPUTS), steps: parsed.data.steps };
}
