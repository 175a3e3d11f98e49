import { compileDayRangeParser, compileGenericDayRangeParser, type DayRangeParser } from "~/core/values/dates";

/**
 * `npm run bench:dates -- [cells]`: ns per cell of the day
 * parsers on the two timestamp layouts of bench:match (Shopify's
 * "2026-02-23 14:09:18 -0500", Stripe's "2026-01-05 14:00:40"), read in
 * place from 64 KB latin1 chunks as the delimited reader does. Dates are in
 * random order over two years, so the zone tables see ~730 days. The fast
 * and the generic parser take turns, so a busy machine slows both alike.
 */
const CELLS = Number(process.argv[2] ?? 1_000_000);
const RUNS = 7;
const CHUNK_BYTES = 64 * 1024;

interface Cells {
  chunks: string[];
  /** Per chunk: start, end pairs of its cells. */
  bounds: Int32Array[];
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/** A tiny LCG, so every run sees the same cells. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function makeCells(withOffset: boolean): Cells {
  const random = randomSource(21);
  const start = Date.UTC(2025, 0, 1);
  const chunks: string[] = [];
  const bounds: Int32Array[] = [];
  let parts: string[] = [];
  let positions: number[] = [];
  let length = 0;
  const flush = () => {
    chunks.push(Buffer.from(parts.join(""), "latin1").toString("latin1"));
    bounds.push(Int32Array.from(positions));
    parts = [];
    positions = [];
    length = 0;
  };
  for (let i = 0; i < CELLS; i++) {
    const at = new Date(start + Math.floor(random() * 730 * 86_400) * 1000);
    let cell = `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1, 2)}-${pad(at.getUTCDate(), 2)} ${pad(at.getUTCHours(), 2)}:${pad(at.getUTCMinutes(), 2)}:${pad(at.getUTCSeconds(), 2)}`;
    if (withOffset) cell += random() < 0.5 ? " -0500" : " -0400";
    positions.push(length, length + cell.length);
    parts.push(cell, ",");
    length += cell.length + 1;
    if (length > CHUNK_BYTES) flush();
  }
  if (parts.length > 0) flush();
  return { chunks, bounds };
}

function timeOneRun(parser: DayRangeParser, cells: Cells): { ns: number; checksum: number } {
  let checksum = 0;
  // CPU time, not wall time: on a shared machine the wall clock counts other processes' turns.
  const began = process.cpuUsage();
  for (let c = 0; c < cells.chunks.length; c++) {
    const text = cells.chunks[c]!;
    const bounds = cells.bounds[c]!;
    for (let b = 0; b < bounds.length; b += 2) {
      const day = parser(text, bounds[b]!, bounds[b + 1]!);
      if (typeof day === "number") checksum += day;
    }
  }
  const used = process.cpuUsage(began);
  return { ns: (used.user + used.system) * 1000, checksum };
}

const cases: Array<{ name: string; format: string; zone: string; withOffset: boolean }> = [
  { name: "shopify, UTC", format: "yyyy-MM-dd HH:mm:ss xx", zone: "UTC", withOffset: true },
  { name: "shopify, America/New_York", format: "yyyy-MM-dd HH:mm:ss xx", zone: "America/New_York", withOffset: true },
  { name: "stripe, UTC", format: "yyyy-MM-dd HH:mm:ss", zone: "UTC", withOffset: false },
  { name: "stripe, Europe/Berlin", format: "yyyy-MM-dd HH:mm:ss", zone: "Europe/Berlin", withOffset: false },
];

const results: Record<string, { fastNsPerCell: number; genericNsPerCell: number; ratio: number }> = {};
const withOffset = makeCells(true);
const withoutOffset = makeCells(false);
for (const { name, format, zone, withOffset: offset } of cases) {
  const fast = compileDayRangeParser(format, zone);
  const generic = compileGenericDayRangeParser(format, zone);
  if (typeof fast === "string" || typeof generic === "string") throw new Error(`bad format ${format}`);
  const cells = offset ? withOffset : withoutOffset;
  let bestFast = Number.POSITIVE_INFINITY;
  let bestGeneric = Number.POSITIVE_INFINITY;
  for (let run = 0; run < RUNS; run++) {
    const fastRun = timeOneRun(fast, cells);
    const genericRun = timeOneRun(generic, cells);
    if (fastRun.checksum !== genericRun.checksum) throw new Error(`${name}: checksums differ`);
    bestFast = Math.min(bestFast, fastRun.ns);
    bestGeneric = Math.min(bestGeneric, genericRun.ns);
  }
  const perCell = (ns: number) => `${(ns / CELLS).toFixed(1).padStart(6)} ns/cell`;
  process.stdout.write(`${name.padEnd(26)} fast ${perCell(bestFast)}   generic ${perCell(bestGeneric)}\n`);
  results[name] = { fastNsPerCell: Number((bestFast / CELLS).toFixed(1)), genericNsPerCell: Number((bestGeneric / CELLS).toFixed(1)), ratio: Number((bestFast / bestGeneric).toFixed(3)) };
}
console.log(JSON.stringify({ bench: "dates", cells: CELLS, runs: RUNS, cases: results }));
