/** Confidences as two-decimal numbers in [0, 1], and column names as the explanations quote them. */

export function round2(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}

export function quote(name: string): string {
  return `"${name}"`;
}
