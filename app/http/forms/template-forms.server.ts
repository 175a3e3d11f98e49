import { InstantiateTemplateBodySchema } from "~/api/contracts/templates";
import { ValidationFailed } from "~/core/errors/domain-errors";
import type { InstantiateInput } from "~/modules/templates/index.server";
import type { PackParameter } from "~/modules/templates/index.server";

/**
 * The "Use this template" form: a name, a version, and one field per pack
 * parameter (`parameters.<name>`), read back with the types the pack
 * declares. Values are only converted here, never judged: the template
 * service checks them exactly as it does for the API, so a wrong value comes
 * back with the same `/parameters/<name>` pointer and lands on its field.
 */
export const PARAMETER_FIELD_PREFIX = "parameters.";

export function instantiateInputFromForm(formData: FormData, declared: Record<string, PackParameter>): InstantiateInput {
  const parameters: Record<string, string | number | boolean> = {};
  for (const [name, parameter] of Object.entries(declared)) {
    const raw = formData.get(`${PARAMETER_FIELD_PREFIX}${name}`);
    // A field the form did not post keeps the pack's default (an unchecked checkbox posts nothing, and means false).
    if (raw === null && parameter.type !== "boolean") continue;
    parameters[name] = parameterValueOf(parameter, raw);
  }
  const version = String(formData.get("version") ?? "").trim();
  const parsed = InstantiateTemplateBodySchema.safeParse({ name: String(formData.get("name") ?? ""), parameters, ...(version ? { version } : {}) });
  if (!parsed.success) {
    throw new ValidationFailed("Check the highlighted fields and try again.", {
      errors: parsed.error.issues.map((issue) => ({ pointer: `/${issue.path.map(String).join("/")}`, message: issue.path[0] === "name" ? nameMessage(issue.code) : issue.message })),
    });
  }
  return { name: parsed.data.name, parameters: parsed.data.parameters, ...(parsed.data.version ? { version: parsed.data.version } : {}) };
}

function parameterValueOf(parameter: PackParameter, raw: FormDataEntryValue | null): string | number | boolean {
  const text = typeof raw === "string" ? raw.trim() : "";
  switch (parameter.type) {
    case "boolean":
      // An unchecked checkbox posts nothing.
      return text === "true" || text === "on";
    case "integer":
    case "number": {
      const value = Number(text);
      // Blank or not a number: passed on as text so the service names the field and the expected type.
      return text !== "" && Number.isFinite(value) ? value : text;
    }
    case "currency":
      return text.toUpperCase();
    default:
      return text;
  }
}

function nameMessage(code: string): string {
  return code === "too_big" ? "Keep the name under 150 characters" : "Give the new stream a name";
}
