/**
 * A small, safe subset of markdown for pack runbooks: headings, paragraphs,
 * bullet and numbered lists, pipe tables, fenced code, and inline code,
 * **bold**, *italic* and http(s) links. It yields a tree of plain values that
 * React renders as elements and text, so markup in an uploaded runbook is
 * shown as text and can never become HTML (no dangerouslySetInnerHTML).
 */
export type Inline =
  | { kind: "text"; text: string }
  | { kind: "code"; text: string }
  | { kind: "strong"; children: Inline[] }
  | { kind: "em"; children: Inline[] }
  | { kind: "link"; href: string; children: Inline[] };

export type Block =
  | { kind: "heading"; level: 1 | 2 | 3 | 4; children: Inline[] }
  | { kind: "paragraph"; children: Inline[] }
  | { kind: "list"; ordered: boolean; items: Inline[][] }
  | { kind: "table"; header: Inline[][]; rows: Inline[][][] }
  | { kind: "code"; text: string };

const HEADING = /^(#{1,4})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_RULE = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const FENCE = /^\s*```/;

export function parseRunbook(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === "") {
      index++;
      continue;
    }
    if (FENCE.test(line)) {
      const code: string[] = [];
      index++;
      while (index < lines.length && !FENCE.test(lines[index]!)) code.push(lines[index++]!);
      index++;
      blocks.push({ kind: "code", text: code.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: "heading", level: heading[1]!.length as 1 | 2 | 3 | 4, children: parseInline(heading[2]!) });
      index++;
      continue;
    }
    if (TABLE_ROW.test(line) && index + 1 < lines.length && TABLE_RULE.test(lines[index + 1]!)) {
      const header = cellsOf(line);
      index += 2;
      const rows: Inline[][][] = [];
      while (index < lines.length && TABLE_ROW.test(lines[index]!)) rows.push(cellsOf(lines[index++]!));
      blocks.push({ kind: "table", header, rows });
      continue;
    }
    if (BULLET.test(line) || NUMBERED.test(line)) {
      const ordered = !BULLET.test(line);
      const marker = ordered ? NUMBERED : BULLET;
      const items: string[] = [];
      while (index < lines.length) {
        const current = lines[index]!;
        const item = marker.exec(current);
        if (item) items.push(item[1]!);
        // An indented line continues the item above it.
        else if (current.trim() !== "" && /^\s+/.test(current) && items.length > 0) items[items.length - 1] += ` ${current.trim()}`;
        else break;
        index++;
      }
      blocks.push({ kind: "list", ordered, items: items.map(parseInline) });
      continue;
    }
    const paragraph: string[] = [];
    while (index < lines.length) {
      const current = lines[index]!;
      if (current.trim() === "" || HEADING.test(current) || FENCE.test(current) || BULLET.test(current) || NUMBERED.test(current) || TABLE_ROW.test(current)) break;
      paragraph.push(current.trim());
      index++;
    }
    if (paragraph.length === 0) {
      // A line no rule above took (e.g. a lone table row): shown as text.
      paragraph.push(line.trim());
      index++;
    }
    blocks.push({ kind: "paragraph", children: parseInline(paragraph.join(" ")) });
  }
  return blocks;
}

function cellsOf(row: string): Inline[][] {
  return row
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((cell) => parseInline(cell.trim()));
}

const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|\*([^*\s][^*]*?)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const at = match.index ?? 0;
    if (at > last) out.push({ kind: "text", text: text.slice(last, at) });
    if (match[1] !== undefined) out.push({ kind: "code", text: match[1] });
    else if (match[2] !== undefined) out.push({ kind: "strong", children: parseInline(match[2]) });
    else if (match[3] !== undefined) out.push({ kind: "em", children: parseInline(match[3]) });
    else if (match[4] !== undefined && match[5] !== undefined) {
      // Only web links become links; anything else (javascript:, data:, relative paths inside the pack) stays text.
      if (/^https?:\/\//i.test(match[5])) out.push({ kind: "link", href: match[5], children: parseInline(match[4]) });
      else out.push({ kind: "text", text: match[0] });
    }
    last = at + match[0].length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}
