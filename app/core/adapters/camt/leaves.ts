/** One element's text where the file writes it. */
export interface Leaf {
  text: string;
  currency: string | null;
  line: number;
  column: number;
}

/**
 * The leaf values of one camt block (a statement, a balance, an entry, one
 * TxDtls), by path below the block ("Refs/EndToEndId", "RmtInf/Ustrd").
 * Kept generically so every version's layout is read by naming its paths,
 * and a path that repeats (Ustrd lines) keeps every value in file order.
 */
export class Leaves {
  private readonly values = new Map<string, Leaf[]>();

  constructor(
    /** Line and column of the block's start tag. */
    readonly line: number,
    readonly column: number,
  ) {}

  add(path: string, leaf: Leaf): void {
    const list = this.values.get(path);
    if (list) list.push(leaf);
    else this.values.set(path, [leaf]);
  }

  /** The first value at the first of the paths that has one. */
  first(...paths: string[]): Leaf | undefined {
    for (const path of paths) {
      const leaf = this.values.get(path)?.[0];
      if (leaf) return leaf;
    }
    return undefined;
  }

  text(...paths: string[]): string | null {
    return this.first(...paths)?.text ?? null;
  }

  all(path: string): Leaf[] {
    return this.values.get(path) ?? [];
  }

  /** Whether any value sits below the path prefix ("Chrgs/"). */
  hasUnder(prefix: string): boolean {
    for (const path of this.values.keys()) if (path.startsWith(prefix)) return true;
    return false;
  }

  /** Every value whose path matches, in path then file order. */
  matching(pattern: RegExp): Array<Leaf & { path: string }> {
    const found: Array<Leaf & { path: string }> = [];
    for (const [path, leaves] of this.values) if (pattern.test(path)) for (const leaf of leaves) found.push({ ...leaf, path });
    return found;
  }
}
