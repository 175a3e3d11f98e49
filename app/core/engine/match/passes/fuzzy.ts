import { jaroWinkler, normalizeForFuzzy, tokenSet, tokenSetSimilarityOfTokens } from "../similarity";
import type { UnitSide } from "../units";

/**
 * The fuzzy check of a pass: similarity of one text field between a source
 * and a target unit, on normalized text. Fuzzy is a filter and a score, never
 * a way to find candidates: those come from keys or the sorted amount/date
 * window (see tolerance.ts), so a fuzzy pass is never n×m.
 *
 * Normalized text and token sets are cached per unit, since one unit is
 * compared with every candidate in its window.
 */
export class FuzzyComparer {
  private readonly normalized = { source: new Map<number, string>(), target: new Map<number, string>() };
  private readonly tokens = { source: new Map<number, string[]>(), target: new Map<number, string[]>() };

  constructor(
    readonly method: "jaroWinkler" | "tokenSet",
    readonly threshold: number,
    private readonly source: UnitSide,
    private readonly target: UnitSide,
  ) {}

  similarity(sourceUnit: number, targetUnit: number): number {
    if (this.method === "jaroWinkler") {
      return jaroWinkler(this.normalizedText(this.source, sourceUnit), this.normalizedText(this.target, targetUnit));
    }
    return tokenSetSimilarityOfTokens(this.tokenSetOf(this.source, sourceUnit), this.tokenSetOf(this.target, targetUnit));
  }

  private normalizedText(side: UnitSide, unit: number): string {
    const cache = this.normalized[side.side];
    let text = cache.get(unit);
    if (text === undefined) {
      const raw = side.fuzzyText?.(unit) ?? null;
      text = raw === null ? "" : normalizeForFuzzy(raw);
      cache.set(unit, text);
    }
    return text;
  }

  private tokenSetOf(side: UnitSide, unit: number): string[] {
    const cache = this.tokens[side.side];
    let tokens = cache.get(unit);
    if (tokens === undefined) {
      tokens = tokenSet(this.normalizedText(side, unit));
      cache.set(unit, tokens);
    }
    return tokens;
  }
}
