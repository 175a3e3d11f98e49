/**
 * String similarity for fuzzy passes, both in [0, 1].
 *
 * Written here rather than taken from npm: the candidates either cover only
 * one of the two methods (jaro-winkler, @skyra/jaro-winkler), or bring lodash
 * and a heap along for one function (fuzzball), and the engine needs control
 * over normalization. Both follow published definitions exactly so scores can
 * be checked against other tools:
 * - Jaro–Winkler as in Winkler (1990): prefix scale 0.1, prefix up to 4
 *   characters, boost applied only when the Jaro similarity exceeds 0.7
 *   (the same convention as RapidFuzz and Apache Commons Text).
 * - Token set ratio as in RapidFuzz's `fuzz.token_set_ratio` (FuzzyWuzzy's
 *   definition, Indel-normalized), divided by 100.
 * Empty strings are similar to nothing (0), like empty keys never match.
 */

/**
 * Accents folded, case folded, every run of non-letters/digits to one space.
 * "José  García-López" → "jose garcia lopez"; finance exports disagree on
 * exactly these.
 */
export function normalizeForFuzzy(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export function jaroSimilarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a === b) return 1;
  const matchWindow = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Uint8Array(a.length);
  const bMatched = new Uint8Array(b.length);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - matchWindow);
    const to = Math.min(b.length - 1, i + matchWindow);
    const code = a.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] === 0 && b.charCodeAt(j) === code) {
        aMatched[i] = 1;
        bMatched[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (aMatched[i] === 0) continue;
    while (bMatched[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  const transpositions = Math.floor(halfTranspositions / 2);
  return (matches / a.length + matches / b.length + (matches - transpositions) / matches) / 3;
}

export function jaroWinkler(a: string, b: string): number {
  const jaro = jaroSimilarity(a, b);
  if (jaro <= 0.7) return jaro;
  const maxPrefix = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Distinct whitespace-separated tokens, sorted by code unit (as Python's sorted()). */
export function tokenSet(normalized: string): string[] {
  if (normalized.length === 0) return [];
  const tokens = [...new Set(normalized.split(" ").filter((token) => token.length > 0))];
  tokens.sort(compareCodeUnits);
  return tokens;
}

function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Insertions plus deletions turning a into b: |a| + |b| − 2·LCS. */
export function indelDistance(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return a.length + b.length;
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      current[j] = code === b.charCodeAt(j - 1) ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    const swap = previous;
    previous = current;
    current = swap;
  }
  return a.length + b.length - 2 * previous[b.length]!;
}

function normalizedIndelSimilarity(distance: number, lengthSum: number): number {
  return lengthSum === 0 ? 1 : 1 - distance / lengthSum;
}

/** RapidFuzz token_set_ratio / 100, on token sets from tokenSet(). */
export function tokenSetSimilarityOfTokens(tokensA: readonly string[], tokensB: readonly string[]): number {
  if (tokensA.length === 0 || tokensB.length === 0) return 0;
  const inB = new Set(tokensB);
  const inA = new Set(tokensA);
  const intersection = tokensA.filter((token) => inB.has(token));
  const onlyA = tokensA.filter((token) => !inB.has(token));
  const onlyB = tokensB.filter((token) => !inA.has(token));
  // One token set contains the other: the shorter text says nothing the longer contradicts.
  if (intersection.length > 0 && (onlyA.length === 0 || onlyB.length === 0)) return 1;

  const onlyAJoined = onlyA.join(" ");
  const onlyBJoined = onlyB.join(" ");
  const sectLength = intersection.join(" ").length;
  const separator = sectLength === 0 ? 0 : 1;
  const sectALength = sectLength + separator + onlyAJoined.length;
  const sectBLength = sectLength + separator + onlyBJoined.length;

  // sect+onlyA vs sect+onlyB differ exactly where onlyA and onlyB differ.
  const result = normalizedIndelSimilarity(indelDistance(onlyAJoined, onlyBJoined), sectALength + sectBLength);
  if (sectLength === 0) return result;
  // sect vs sect+onlyX: the distance is the appended text plus its separator.
  const sectVsA = normalizedIndelSimilarity(separator + onlyAJoined.length, sectLength + sectALength);
  const sectVsB = normalizedIndelSimilarity(separator + onlyBJoined.length, sectLength + sectBLength);
  return Math.max(result, sectVsA, sectVsB);
}

export function tokenSetSimilarity(a: string, b: string): number {
  return tokenSetSimilarityOfTokens(tokenSet(normalizeForFuzzy(a)), tokenSet(normalizeForFuzzy(b)));
}
