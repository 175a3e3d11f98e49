import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CatalogProblems } from "~/components/templates/catalog-problems";
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
