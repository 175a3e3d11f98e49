import { expect, test } from "@playwright/test";
import { baseUrl, createOrg, expectAccessible, freshPage, runCli, screenshot, signIn } from "./support/app";

/**
 * Typed pack parameters in the "Use this template" dialog (issue #19): money
 * asked in major units beside the currency it follows, a duration as a number
 * and a unit. A value with too many decimals comes back on its field; a good
 * one lands in the copy's rule set as exact minor units and whole days.
 */
const stamp = Date.now().toString(36);
const PACK = "ecommerce-payouts";

test.use({ viewport: { width: 1440, height: 1000 } });

test("money and duration parameters are asked as people say them and stored exactly", async ({ browser }) => {
  const owner = createOrg(`Typed Params ${stamp}`, `tp-${stamp}@templates.test`);
  const apiKey = runCli(["apikey:create", "--org", owner.orgId, "--role", "owner", "--name", "e2e typed parameters"]).apiKey!;
  const api = async <T>(url: string): Promise<T> => {
    const response = await fetch(`${baseUrl()}${url}`, { headers: { Authorization: `Bearer ${apiKey}` } });
    expect(response.status, url).toBe(200);
    return (await response.json()) as T;
  };
  const page = await freshPage(browser);
  await signIn(page, owner.email, owner.password);
  await page.goto(`${baseUrl()}/templates/${PACK}`);
  await page.getByRole("button", { name: "Use this template" }).click();
  const dialog = page.getByRole("dialog", { name: /^Use / });
  await expect(dialog).toBeVisible();

  // Money: the amount in major units, the currency shown from the pack's currency parameter as it changes.
  const critical = dialog.getByLabel("Critical amount difference");
  await expect(critical).toHaveValue("1000.00");
  const money = dialog.getByTestId("money-criticalMismatchOver");
  await expect(money).toContainText("USD");
  await dialog.getByLabel("Bank account currency").fill("EUR");
  await expect(money).toContainText("EUR");
  await critical.fill("12,50");
  await expect(money.getByRole("status")).toHaveText("Enter a non-negative amount such as 1000.00 (no thousands separators)");

  // Duration: a number and a unit, prefilled from "P2D".
  const window = dialog.getByLabel("Checkout date window");
  await expect(window).toHaveValue("2");
  await expect(dialog.getByTestId("duration-orderDateWindow").getByLabel("Unit")).toHaveValue("days");
  await expectAccessible(page);
  await screenshot(page, "template-parameters-01-dialog");

  // Too many decimals for EUR: refused by the service, on the field.
  await critical.fill("2500.001");
  await dialog.getByRole("button", { name: "Create streams" }).click();
  await expect(critical).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByRole("alert")).toContainText("Critical amount difference: criticalMismatchOver EUR has 2 decimal places: write at most 2, e.g. 1000.00");

  await critical.fill("2500.50");
  await window.fill("4");
  await dialog.getByRole("button", { name: "Create streams" }).click();
  await expect(page.getByTestId("instantiation-result")).toBeVisible();
  await screenshot(page, "template-parameters-02-created");

  const ruleSets = await api<{ data: Array<{ id: string; name: string }> }>("/api/v1/rule-sets");
  const ordersVsCharges = ruleSets.data.find((ruleSet) => ruleSet.name.endsWith(" · Shopify orders vs Stripe charges"))!;
  const definition = (await api<{ definition: { passes: Array<{ date?: { windowDays: number } }>; severity: { amountThresholds: Array<{ overMinor: number }> } } }>(`/api/v1/rule-sets/${ordersVsCharges.id}`)).definition;
  expect(definition.severity.amountThresholds.map((threshold) => threshold.overMinor)).toEqual([250050]);
  expect(definition.passes.flatMap((pass) => (pass.date ? [pass.date.windowDays] : []))).toEqual([4]);
});
