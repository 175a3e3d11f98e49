/**
 * A small seeded PRNG (mulberry32) for property and fuzz tests: the same seed
 * gives the same cases, so a failure is reproduced by its seed.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T;
  pick(items: string): string;
  pick<T>(items: readonly T[] | string): T | string {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Words of capital letters and digits joined by single blanks. */
  words(minWords: number, maxWords: number): string {
    const count = this.int(minWords, maxWords);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const words: string[] = [];
    for (let i = 0; i < count; i++) {
      let word = this.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
      for (let length = this.int(1, 9); length > 0; length--) word += this.pick(alphabet);
      words.push(word);
    }
    return words.join(" ");
  }
}
