import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ValidationFailed } from "~/core/errors/domain-errors";
import { instantiateInputFromForm } from "~/http/forms/template-forms.server";
import { toFormError } from "~/http/ui-action.server";
import { getRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { rejectedPackView, templateCardView, templatePageView, templateParameters } from "~/modules/templates/template-views.server";
import { getTemplate, instantiateTemplate, loadTemplateCatalog } from "~/modules/templates/templates.server";
import type { PackManifest } from "~/modules/templates/packs/pack-schema";
import { createTestOrg, type TestOrg } from "../../support/factories";

/**
 * What the template pages read from the template service: gallery cards and
 * the pack page built from the registered manifest, the "Use this template"
 * form read back with the pack's types, and the service's located errors
 * mapped onto the form's fields.
 */
const PACK = "ecommerce-payouts";
const manifest = JSON.parse(readFileSync(path.resolve("plugins", PACK, "reconstream-pack.json"), "utf8")) as PackManifest;
let org: TestOrg;

beforeAll(async () => {
  org = await createTestOrg();
});

function placeholderNames(definition: unknown): string[] {
  return [...JSON.stringify(definition).matchAll(/\{\{params\.(\w+)\}\}/g)].map((match) => match[1]!);
}

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

describe("the gallery card and pack page of a registered pack", () => {
  it("a card counts the pack's streams and steps and says it is public", async () => {
    const card = templateCardView(await getTemplate(org.ownerCtx, PACK));
    expect(card).toMatchObject({
      id: PACK,
      name: manifest.name,
      industry: manifest.industry,
      version: manifest.version,
      visibility: "public",
      streamCount: manifest.streams.length,
      stepCount: manifest.streams.reduce((total, stream) => total + stream.steps.length, 0),
      parameterCount: Object.keys(manifest.parameters).length,
    });
  });

  it("the pack page draws each stream as its copy will be, names each step's rule set and inputs, and lists samples and runbook", async () => {
    const page = templatePageView(await getTemplate(org.ownerCtx, PACK));
    const packStream = manifest.streams[0]!;
    const stream = page.streams.find((candidate) => candidate.key === packStream.key)!;
    expect(stream.graph!.steps.map((step) => step.ruleSetId)).toEqual(packStream.steps.map((step) => step.ruleSet));
    // Each pack input the stream reads is one run parameter, once: a file the customer picks, read through its own recognized format.
    const readInputs = [...new Set(packStream.steps.flatMap((step) => [step.inputs.source, step.inputs.target]).flatMap((input) => ("input" in input ? [input.input] : [])))];
    expect(stream.graph!.settings.parameters.map((parameter) => parameter.name).sort()).toEqual(readInputs.sort());
    expect(stream.steps[0]).toEqual({
      key: packStream.steps[0]!.key,
      name: packStream.steps[0]!.name,
      ruleSetName: manifest.ruleSets.find((ruleSet) => ruleSet.key === packStream.steps[0]!.ruleSet)!.name,
      source: manifest.inputs.orders!.title,
      target: manifest.inputs.balance!.title,
    });
    expect(stream.samples.map((sample) => [sample.input, sample.file])).toEqual(Object.entries(packStream.samples));
    // Parameters in the order the rule sets use them: the first rule set's first, so the form follows the pipeline.
    expect(placeholderNames(manifest.ruleSets[0]!.definition)).toContain(page.parameters[0]!.name);
    expect(placeholderNames(manifest.ruleSets[0]!.definition)).not.toContain(page.parameters.at(-1)!.name);
    // A money default is shown as its amount beside the currency it follows.
    expect(page.parameters.map((parameter) => [parameter.name, parameter.type, parameter.money ? { amount: parameter.money.amount } : parameter.default]).sort()).toEqual(
      Object.entries(manifest.parameters).map(([name, parameter]) => [name, parameter.type, parameter.default]).sort(),
    );
    expect(page.parameters.find((parameter) => parameter.name === "criticalMismatchOver")!.money).toEqual({ amount: "1000.00", currency: null, currencyFrom: "currency", decimals: null });
    expect(page.runbook).toBe(readFileSync(path.resolve("plugins", PACK, "runbook.md"), "utf8"));
  });

  it("a rejected pack keeps each problem's file, pointer and line for the admins' list", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "reconstream-packs-"));
    cpSync(path.resolve("tests/fixtures/packs/broken-pack"), path.join(root, "plugins", "broken-pack"), { recursive: true });
    const catalog = await loadTemplateCatalog(root);
    const view = rejectedPackView(catalog.rejected[0]!);
    expect(view.name).toBe("broken-pack");
    expect(view.problems).toEqual(catalog.rejected[0]!.problems.map((problem) => ({ file: problem.file, pointer: problem.pointer ?? null, line: problem.line ?? null, message: problem.message })));
    expect(view.problems[0]).toMatchObject({ file: "reconstream-pack.json", pointer: "/ruleSets/0/definition/passes/0/amount/toleranceMinor" });
  });
});

describe("the Use this template form", () => {
  it("types each value as the pack declares it and creates the copy with them", async () => {
    const summary = await getTemplate(org.ownerCtx, PACK);
    const input = instantiateInputFromForm(
      formOf({ name: "  Acme payouts ", "parameters.currency": "eur", "parameters.orderAmountTolerance.amount": "0.05", "parameters.bankDateWindow.count": "4", "parameters.bankDateWindow.unit": "days", "parameters.orderTimeZone": "Europe/Berlin" }),
      templateParameters(summary),
    );
    expect(input.name).toBe("Acme payouts");
    expect(input.parameters).toMatchObject({ currency: "EUR", orderAmountTolerance: { amount: "0.05" }, bankDateWindow: "4 days", orderTimeZone: "Europe/Berlin" });
    const created = await instantiateTemplate(org.ownerCtx, PACK, input);
    expect(created.parameters).toMatchObject({ currency: "EUR", orderAmountTolerance: { amount: "0.05", currency: "EUR" }, bankDateWindow: "P4D", orderTimeZone: "Europe/Berlin" });
    const ordersVsCharges = await getRuleSet(org.ownerCtx, created.ruleSets.find((ruleSet) => ruleSet.key === "orders_vs_charges")!.id);
    expect(ordersVsCharges.latestVersion.definition.passes[0]!.amount?.toleranceMinor).toBe(5);
  });

  it("a wrong value comes back from the service with the pointer of its field, and nothing is created", async () => {
    const summary = await getTemplate(org.ownerCtx, PACK);
    const input = instantiateInputFromForm(formOf({ name: "Bad", "parameters.currency": "EUR", "parameters.criticalMismatchOver.amount": "10.001", "parameters.orderDateWindow.count": "", "parameters.orderDateWindow.unit": "days" }), templateParameters(summary));
    const error = await instantiateTemplate(org.ownerCtx, PACK, input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(toFormError(error as ValidationFailed).fields).toEqual({
      "parameters/criticalMismatchOver/amount": "criticalMismatchOver EUR has 2 decimal places: write at most 2, e.g. 1000.00",
      "parameters/orderDateWindow": 'orderDateWindow must be a duration in days or hours: ISO 8601 such as "P3D" or "PT12H", or "3 days"',
    });
  });

  it("a blank name is refused on the name field before the service is asked", async () => {
    const summary = await getTemplate(org.ownerCtx, PACK);
    const error = (() => {
      try {
        instantiateInputFromForm(formOf({ name: "   " }), templateParameters(summary));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(toFormError(error as ValidationFailed).fields).toEqual({ name: "Give the new stream a name" });
  });
});
