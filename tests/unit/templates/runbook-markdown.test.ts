import { describe, expect, it } from "vitest";
import { parseInline, parseRunbook } from "~/modules/templates/packs/runbook-markdown";

/** Runbooks come from uploaded packs: the subset renders structure, and anything else stays plain text. */
describe("the runbook markdown subset", () => {
  it("reads headings, paragraphs joined across lines, lists with continuation lines, and pipe tables", () => {
    const blocks = parseRunbook(
      [
        "# Runbook",
        "",
        "First line",
        "second line.",
        "",
        "- **MISSING** order, no charge:",
        "  check Shopify.",
        "- `DUPLICATE`",
        "",
        "| step | means |",
        "|---|---|",
        "| `a` | *clean* |",
        "",
        "1. one",
        "2. two",
      ].join("\n"),
    );
    expect(blocks).toEqual([
      { kind: "heading", level: 1, children: [{ kind: "text", text: "Runbook" }] },
      { kind: "paragraph", children: [{ kind: "text", text: "First line second line." }] },
      {
        kind: "list",
        ordered: false,
        items: [
          [{ kind: "strong", children: [{ kind: "text", text: "MISSING" }] }, { kind: "text", text: " order, no charge: check Shopify." }],
          [{ kind: "code", text: "DUPLICATE" }],
        ],
      },
      {
        kind: "table",
        header: [[{ kind: "text", text: "step" }], [{ kind: "text", text: "means" }]],
        rows: [[[{ kind: "code", text: "a" }], [{ kind: "em", children: [{ kind: "text", text: "clean" }] }]]],
      },
      { kind: "list", ordered: true, items: [[{ kind: "text", text: "one" }], [{ kind: "text", text: "two" }]] },
    ]);
  });

  it("keeps markup as text and links only to http(s)", () => {
    expect(parseInline('<img src=x onerror="alert(1)"> [docs](https://example.test/a) [x](javascript:alert(1))')).toEqual([
      { kind: "text", text: '<img src=x onerror="alert(1)"> ' },
      { kind: "link", href: "https://example.test/a", children: [{ kind: "text", text: "docs" }] },
      { kind: "text", text: " " },
      { kind: "text", text: "[x](javascript:alert(1)" },
      { kind: "text", text: ")" },
    ]);
  });

  it("shows fenced code verbatim", () => {
    expect(parseRunbook("```\n<script>x()</script>\n**not bold**\n```")).toEqual([{ kind: "code", text: "<script>x()</script>\n**not bold**" }]);
  });
});
