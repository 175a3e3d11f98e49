import { z } from "zod";

/** The stream page's trigger form: parsed in a .server module, so zod stays out of the browser bundle. */
export const TriggerFormSchema = () =>
  z.object({
    kind: z.enum(["schedule", "inbox", "webhook"]),
    name: z.string().trim().max(200).optional(),
    cron: z.string().trim().optional(),
    timeZone: z.string().trim().optional(),
    inbox: z.string().trim().optional(),
    parameter: z.string().trim().optional(),
  });
