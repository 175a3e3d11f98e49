import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CatalogProblems } from "~/components/templates/catalog-problems";
import { ParameterField, type ParameterFieldView } from "~/components/templates/parameter-field";
import { Runbook } from "~/components/templates/runbook";

/** What the template pages render from pack content an admin may have uploaded. */
describe("a runbook on the pack page", () => {
  it("renders its markdown subset as elements and any HTML in it as text", () => {
    const html = renderToStaticMarkup(createElement(Runbook, { markdown: '# Close\n\n<script>alert(1)</script> **bold** [x](javascript:alert(1))\n\n| a | b |\n|---|---|\n| `c` | <img src=x onerror=alert(1)> |' }));
    expect(html).toContain("<h3");
    expect(html).toContain("<strong");
    expect(html).toContain("<table");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toMatch(/<script|<img|href="javascript/i);
  });
});

describe("the admins' list of packs that were not loaded", () => {
  it("names each pack with every problem's file, pointer and line", () => {
    const html = renderToStaticMarkup(
      createElement(CatalogProblems, {
        packs: [
          {
            name: "broken-pack",
            origin: "plugins",
            problems: [
              { file: "reconstream-pack.json", pointer: "/ruleSets/0/definition/passes/0/amount/toleranceMinor", line: null, message: "{{params.tolerence}} names no parameter of the pack" },
              { file: "samples/invoices.csv", pointer: null, line: 3, message: "not a CSV row" },
            ],
          },
        ],
      }),
    );
    expect(html).toContain("1 pack was not loaded");
    expect(html).toContain("broken-pack");
    expect(html).toContain("reconstream-pack.json, /ruleSets/0/definition/passes/0/amount/toleranceMinor</span>: {{params.tolerence}} names no parameter of the pack");
    expect(html).toContain("samples/invoices.csv, line 3</span>: not a CSV row");
  });
});

describe("typed parameters in the Use this template dialog", () => {
  const base = { description: "d", default: null, minimum: null, maximum: null, options: [], pattern: null, money: null, file: null };
  const render = (parameter: ParameterFieldView) => renderToStaticMarkup(createElement(ParameterField, { parameter, timeZones: ["UTC", "Europe/Berlin"], titleOf: (name: string) => (name === "currency" ? "Bank account currency" : name) }));

  it("money is an amount in major units beside its currency, or a note that it follows the currency parameter", () => {
    const fixed = render({ ...base, name: "fee", type: "money", title: "Fee", money: { amount: "2.50", currency: "EUR", currencyFrom: null, decimals: 2 } });
    expect(fixed).toMatch(/name="parameters\.fee\.amount"[^>]*value="2\.50"|value="2\.50"[^>]*name="parameters\.fee\.amount"/);
    expect(fixed).toMatch(/name="parameters\.fee\.currency"/);
    const following = render({ ...base, name: "over", type: "money", title: "Critical", money: { amount: "1000.00", currency: null, currencyFrom: "currency", decimals: null } });
    expect(following).toContain("In the currency chosen for Bank account currency.");
    expect(following).not.toContain("parameters.over.currency");
  });

  it("a duration is a number and a unit, a percentage shows %, a time zone is a searchable list, a file input says what the run will ask for", () => {
    const duration = render({ ...base, name: "cutoff", type: "duration", title: "Cut-off", default: "PT12H" });
    expect(duration).toMatch(/name="parameters\.cutoff\.count"[^>]*value="12"/);
    expect(duration).toMatch(/<option value="hours" selected="">hours<\/option>/);
    expect(render({ ...base, name: "price", type: "percentage", title: "Price", default: "1.5" })).toContain("%</span>");
    const zone = render({ ...base, name: "zone", type: "timeZone", title: "Zone", default: "UTC" });
    // A searchable combobox (its list fills as the person types), posting the zone's name.
    expect(zone).toMatch(/<input[^>]*name="parameters\.zone"[^>]*role="combobox"[^>]*aria-controls="[^"]+-zones"[^>]*value="UTC"/);
    expect(zone).toMatch(/<ul id="[^"]+-zones" role="listbox"/);
    const file = render({ ...base, name: "bank", type: "fileInput", title: "Bank statement", file: { inputTitle: "Bank statement (camt.053)", accepts: [{ id: "bank_statement_line", title: "Bank statement line" }] } });
    expect(file).toContain("Asked when a run starts: Bank statement (camt.053), as Bank statement line.");
  });
});
