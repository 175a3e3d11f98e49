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
  const parameters: Record<string, string | number | boolean | { amount: string; currency?: string }> = {};
  for (const [name, parameter] of Object.entries(declared)) {
    const field = `${PARAMETER_FIELD_PREFIX}${name}`;
    // A file is chosen when a run starts; the dialog only describes it.
    if (parameter.type === "fileInput") continue;
    if (parameter.type === "money") {
      const amount = formData.get(`${field}.amount`);
      if (amount === null) continue;
      const currency = formData.get(`${field}.currency`);
      parameters[name] = { amount: String(amount).trim(), ...(currency === null ? {} : { currency: String(currency).trim().toUpperCase() }) };
      continue;
    }
    if (parameter.type === "duration") {
      const count = formData.get(`${field}.count`);
      if (count === null) continue;
      parameters[name] = durationOf(String(count).trim(), String(formData.get(`${field}.unit`) ?? "days"));
      continue;
    }
    const raw = formData.get(field);
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

/** A count and a unit as the service reads them: "3" days is "3 days", which it accepts like P3D; anything else is passed on for it to name. */
function durationOf(count: string, unit: string): string {
  return `${count} ${unit === "hours" ? "hours" : "days"}`;
}

function nameMessage(code: string): string {
  return code === "too_big" ? "Keep the name under 150 characters" : "Give the new stream a name";
}
