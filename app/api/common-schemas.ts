import { z } from "./zod";

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "/problems/validation-failed" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string(),
    errors: z
      .array(
        z.object({
          message: z.string(),
          pointer: z.string().optional(),
          parameter: z.string().optional(),
          file: z.string().optional(),
          line: z.number().int().optional(),
          column: z.number().int().optional(),
          field: z.string().optional(),
          position: z.number().int().optional().openapi({ description: "1-based character position within the string at `pointer` (expressions and regular expressions)" }),
        }),
      )
      .optional(),
  })
  .openapi("Problem");

export const RoleSchema = z.enum(["owner", "admin", "operator", "viewer"]).openapi("Role");

export const IsoDateTime = z.string().openapi({ format: "date-time", example: "2026-11-25T10:00:00.000Z" });

export const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: "Page size, 1–500 (default 50)" }),
  cursor: z.string().min(1).optional().openapi({ description: "Opaque cursor from the previous page's nextCursor" }),
});

export function listOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z
    .object({
      object: z.literal("list"),
      data: z.array(item),
      hasMore: z.boolean(),
      nextCursor: z.string().nullable(),
    })
    .openapi(name);
}

export const IdParamsSchema = z.object({ id: z.string().min(1).max(64) });
