import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildPack, formatScoreTable, PackInvalidError, scaffoldPack, testPack, testPackScenarios, validatePack, type ScenarioScore } from "~/modules/templates/index.server";
import { SCENARIO_GENERATORS } from "./scenarios";
import { packJsonSchema } from "~/modules/templates";
import { describeProblem } from "~/modules/templates/index.server";

/**
 * The template authors' commands (`npm run cli -- pack:…`). Each prints one
 * JSON line on stdout; human-readable problems and diffs go to stderr.
 * Exit codes: 0 fine, 1 the pack is invalid or differs from expected/, 2 usage.
 */
export const PACK_USAGE = `
Template pack authoring (no database needed):
  pack:new <dir>                 Scaffold a pack with a sample stream, samples and expected results.
  pack:validate <dir>            Check the pack; lists located problems (file, JSON pointer).
  pack:test <dir> [--update]     Run every stream on samples/ through the engine and compare with expected/;
                                 prints a diff and exits 1 on any difference. --update rewrites expected/.
  pack:test <dir>|--all --scenarios [--seeds 1,2,3] [--size 12] [--out <dir>]
                                 Generate realistic scenarios (scripts/scenarios/<pack-id>.ts) per seed, run
                                 every stream, score precision and recall per exception class and for matches
                                 against the answer key; exits 1 when any class is below 1.0.
  pack:build <dir> [--out <dir>] Validate, then write <id>-<version>.tgz (for POST /api/v1/templates).
  pack:schema                    Regenerate plugins/pack.schema.json from the manifest's zod schema.
`;

type PackCommand = (args: string[]) => Promise<number>;

function parse(args: string[], options: Record<string, { type: "string" | "boolean" }> = {}) {
  const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
  if (positionals.length !== 1) throw new Error("give exactly one pack folder");
  return { dir: positionals[0]!, values: values as Record<string, string | boolean | undefined> };
}

function print(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + "\n");
}

export const PACK_COMMANDS: Record<string, PackCommand> = {
  async "pack:schema"(args) {
    if (args.length > 0) throw new Error("pack:schema takes no arguments");
    await writeFile("plugins/pack.schema.json", JSON.stringify(packJsonSchema(), null, 2) + "\n");
    print({ written: "plugins/pack.schema.json" });
    return 0;
  },

  async "pack:new"(args) {
    const { dir } = parse(args);
    const files = await scaffoldPack(dir);
    print({ created: dir, files });
    return 0;
  },

  async "pack:validate"(args) {
    const { dir } = parse(args);
    const checked = await validatePack(dir);
    for (const problem of checked.problems) process.stderr.write(describeProblem(problem) + "\n");
    print({ pack: checked.name, version: checked.manifest?.version ?? null, valid: checked.problems.length === 0, sha256: checked.sha256, problems: checked.problems });
    return checked.problems.length === 0 ? 0 : 1;
  },

  async "pack:test"(args) {
    if (args.includes("--scenarios")) return packScenarios(args);
    const { dir, values } = parse(args, { update: { type: "boolean" } });
    const report = await testPack(dir, { update: values.update === true });
    for (const problem of report.checked.problems) process.stderr.write(describeProblem(problem) + "\n");
    for (const result of report.results) {
      process.stderr.write(`${result.stream}: ${result.diff.length === 0 ? "as expected" : `${result.diff.length} difference(s) from ${result.expectedFile}`}\n`);
      for (const line of result.diff) process.stderr.write(`  ${line}\n`);
    }
    print({
      pack: report.checked.name,
      passed: report.passed,
      updated: values.update === true,
      streams: report.results.map((result) => ({ stream: result.stream, differences: result.diff.length, summary: result.actual.summary })),
      problems: report.checked.problems.length,
    });
    return report.passed ? 0 : 1;
  },

  async "pack:build"(args) {
    const { dir, values } = parse(args, { out: { type: "string" } });
    try {
      const { file, checked } = await buildPack(dir, typeof values.out === "string" ? values.out : ".");
      print({ pack: checked.name, version: checked.manifest!.version, file, sha256: checked.sha256 });
      return 0;
    } catch (error) {
      if (!(error instanceof PackInvalidError)) throw error;
      for (const problem of error.checked.problems) process.stderr.write(describeProblem(problem) + "\n");
      print({ pack: error.checked.name, built: false, problems: error.checked.problems });
      return 1;
    }
  },
};

/** `pack:test --scenarios`: every named pack (or every pack in plugins/ with a generator) at every seed. */
async function packScenarios(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { scenarios: { type: "boolean" }, all: { type: "boolean" }, seeds: { type: "string" }, size: { type: "string" }, out: { type: "string" } },
    strict: true,
    allowPositionals: true,
  });
  const seeds = (values.seeds ?? "1,2,3").split(",").map((seed) => Number(seed.trim()));
  const size = Number(values.size ?? "12");
  if (seeds.some((seed) => !Number.isInteger(seed)) || !Number.isInteger(size) || size < 0) throw new Error("--seeds takes integers (1,2,3) and --size a whole number");
  const dirs = values.all ? await packsWithGenerators("plugins") : positionals;
  if (dirs.length === 0) throw new Error("give a pack folder or --all");
  const out = values.out ?? (await mkdtemp(path.join(tmpdir(), "reconstream-scenarios-")));
  const scores: ScenarioScore[] = [];
  for (const dir of dirs) {
    const generate = SCENARIO_GENERATORS[path.basename(path.resolve(dir))];
    if (!generate) throw new Error(`no scenario generator for ${dir} (add scripts/scenarios/${path.basename(path.resolve(dir))}.ts)`);
    const scenarios = seeds.map((seed) => generate({ seed, size }));
    scores.push(...(await testPackScenarios(dir, scenarios, out)).scores);
  }
  process.stderr.write(formatScoreTable(scores) + "\n");
  process.stderr.write(`generated files and answer keys: ${out}\n`);
  const perfect = scores.every((score) => score.perfect);
  print({
    passed: perfect,
    out,
    packs: scores.map((score) => ({
      pack: score.pack,
      seed: score.seed,
      perfect: score.perfect,
      classes: score.classes.map((row) => ({ stream: row.stream, class: row.class, expected: row.expected, raised: row.raised, precision: row.precision, recall: row.recall })),
    })),
  });
  return perfect ? 0 : 1;
}

async function packsWithGenerators(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory() && SCENARIO_GENERATORS[entry.name] !== undefined).map((entry) => path.join(root, entry.name)).sort();
}
