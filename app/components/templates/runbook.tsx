import { Fragment, useMemo } from "react";
import { parseRunbook, type Block, type Inline } from "~/modules/templates";

/** A pack's runbook, rendered from the safe markdown subset as React elements (text is always text). */
export function Runbook({ markdown }: { markdown: string }) {
  const blocks = useMemo(() => parseRunbook(markdown), [markdown]);
  return (
    <div className="space-y-3 text-sm leading-6 text-slate-800" data-testid="runbook">
      {blocks.map((block, index) => (
        <RunbookBlock key={index} block={block} />
      ))}
    </div>
  );
}

// The page's own headings take h1 and h2; the runbook's start below them.
const HEADING_TAGS = { 1: "h3", 2: "h4", 3: "h5", 4: "h6" } as const;
const HEADING_CLASSES = { 1: "text-base font-semibold", 2: "pt-2 text-sm font-semibold", 3: "text-sm font-semibold", 4: "text-sm font-medium" } as const;

function RunbookBlock({ block }: { block: Block }) {
  switch (block.kind) {
    case "heading": {
      const Tag = HEADING_TAGS[block.level];
      return (
        <Tag className={`${HEADING_CLASSES[block.level]} text-slate-900`}>
          <InlineText nodes={block.children} />
        </Tag>
      );
    }
    case "paragraph":
      return (
        <p>
          <InlineText nodes={block.children} />
        </p>
      );
    case "list": {
      const Tag = block.ordered ? "ol" : "ul";
      return (
        <Tag className={`${block.ordered ? "list-decimal" : "list-disc"} space-y-1 pl-5`}>
          {block.items.map((item, index) => (
            <li key={index}>
              <InlineText nodes={item} />
            </li>
          ))}
        </Tag>
      );
    }
    case "table":
      return (
        <div className="overflow-x-auto">
          <table className="min-w-full border-collapse text-left text-xs">
            <thead>
              <tr>
                {block.header.map((cell, index) => (
                  <th key={index} scope="col" className="border-b border-slate-300 px-2 py-1 font-semibold text-slate-700">
                    <InlineText nodes={cell} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, rowIndex) => (
                <tr key={rowIndex} className="align-top">
                  {row.map((cell, index) => (
                    <td key={index} className="border-b border-slate-100 px-2 py-1">
                      <InlineText nodes={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case "code":
      return (
        <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
          <code>{block.text}</code>
        </pre>
      );
  }
}

function InlineText({ nodes }: { nodes: Inline[] }) {
  return (
    <>
      {nodes.map((node, index) => (
        <Fragment key={index}>{renderInline(node)}</Fragment>
      ))}
    </>
  );
}

function renderInline(node: Inline) {
  switch (node.kind) {
    case "text":
      return node.text;
    case "code":
      return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8em] text-slate-800">{node.text}</code>;
    case "strong":
      return (
        <strong className="font-semibold text-slate-900">
          <InlineText nodes={node.children} />
        </strong>
      );
    case "em":
      return (
        <em>
          <InlineText nodes={node.children} />
        </em>
      );
    case "link":
      return (
        <a href={node.href} rel="noopener noreferrer nofollow" className="text-indigo-700 underline hover:text-indigo-900">
          <InlineText nodes={node.children} />
        </a>
      );
  }
}
