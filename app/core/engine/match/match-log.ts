import type { PassSides } from "./pass-sides";
import { doubled } from "./doubled";
import { describePair } from "./explain";
import { unitRows } from "./units";
import type { Cardinality, FieldComparison, Match, MatchTable } from "../types";

/**
 * The matches of a run, held as columns: per match the pass context it was
 * made in, its two unit indexes and its score. At a million matches a Match
 * object each (two row arrays, a pending reason, the object itself) was most
 * of what the engine kept alive; as columns it is 18 bytes a match. Rows,
 * reasons and Match objects are derived when read, from the pass context,
 * which is immutable once a pass has built its units. A pass that builds its
 * own Match (amount-only sums: rare, with reasons only it can state) stores
 * that object as is.
 */
export class MatchLog {
  private length = 0;
  private context = new Uint16Array(1024);
  private sourceUnit = new Int32Array(1024);
  private targetUnit = new Int32Array(1024);
  private scores = new Float64Array(1024);
  private readonly contexts: PassSides[] = [];
  private readonly built = new Map<number, Match>();

  get count(): number {
    return this.length;
  }

  /** Makes a pass context addressable by the matches made in it. */
  register(ctx: PassSides): number {
    const existing = this.contexts.indexOf(ctx);
    if (existing >= 0) return existing;
    if (this.contexts.length === 0xffff) throw new Error("too many passes");
    this.contexts.push(ctx);
    return this.contexts.length - 1;
  }

  addPair(contextId: number, sourceUnit: number, targetUnit: number, score: number): void {
    const at = this.grow();
    this.context[at] = contextId;
    this.sourceUnit[at] = sourceUnit;
    this.targetUnit[at] = targetUnit;
    this.scores[at] = score;
  }

  addBuilt(match: Match): void {
    this.built.set(this.grow(), match);
  }

  passOf(index: number): string {
    return this.built.get(index)?.pass ?? this.contexts[this.context[index]!]!.plan.pass.name;
  }

  cardinalityOf(index: number): Cardinality {
    return this.built.get(index)?.cardinality ?? this.contexts[this.context[index]!]!.plan.pass.cardinality;
  }

  scoreOf(index: number): number {
    return this.built.get(index)?.score ?? this.scores[index]!;
  }

  sourceRowsOf(index: number): number[] {
    const built = this.built.get(index);
    return built ? built.sourceRows : unitRows(this.contexts[this.context[index]!]!.source, this.sourceUnit[index]!);
  }

  targetRowsOf(index: number): number[] {
    const built = this.built.get(index);
    return built ? built.targetRows : unitRows(this.contexts[this.context[index]!]!.target, this.targetUnit[index]!);
  }

  /** The first of the match's source rows, without building the row list for a single-row unit. */
  firstSourceRowOf(index: number): number {
    const built = this.built.get(index);
    if (built) return built.sourceRows[0]!;
    const side = this.contexts[this.context[index]!]!.source;
    const unit = this.sourceUnit[index]!;
    return side.memberStart === null ? unit : side.memberRows![side.memberStart[unit]!]!;
  }

  reasonOf(index: number): FieldComparison[] {
    const built = this.built.get(index);
    if (built) return built.reason;
    return describePair(this.contexts[this.context[index]!]!, this.sourceUnit[index]!, this.targetUnit[index]!);
  }

  /**
   * The matches in result order: pass order (by the pass's first position in
   * the rule set), then first source row. A row is in one match at most, so
   * the first source row alone orders matches within a pass; placing each
   * match at its first row and scanning the rows is a sort in linear time.
   */
  ordered(passOrder: ReadonlyMap<string, number>, sourceRowCount: number): MatchTable {
    const order = new Int32Array(this.length);
    const orderOf = new Int32Array(this.length);
    const distinct = new Set<number>();
    for (let i = 0; i < this.length; i++) {
      orderOf[i] = passOrder.get(this.passOf(i)) ?? 0;
      distinct.add(orderOf[i]!);
    }
    const at = new Int32Array(sourceRowCount).fill(-1);
    for (let i = 0; i < this.length; i++) at[this.firstSourceRowOf(i)] = i;
    let next = 0;
    for (const passPosition of [...distinct].sort((a, b) => a - b)) {
      for (let row = 0; row < sourceRowCount; row++) {
        const match = at[row]!;
        if (match >= 0 && orderOf[match] === passPosition) order[next++] = match;
      }
    }
    if (next !== this.length) throw new Error(`matches share a first source row (${this.length - next} of ${this.length})`);
    return new OrderedMatches(this, order);
  }

  private grow(): number {
    if (this.length === this.context.length) {
      this.context = doubled(this.context);
      this.sourceUnit = doubled(this.sourceUnit);
      this.targetUnit = doubled(this.targetUnit);
      this.scores = doubled(this.scores);
    }
    return this.length++;
  }
}

interface PendingReason {
  log: MatchLog;
  logIndex: number;
  reason: FieldComparison[] | undefined;
}

const PENDING = Symbol("pending reason");

/** One shared accessor, so every materialized Match keeps one hidden class. */
const REASON_ON_DEMAND: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: { [PENDING]: PendingReason }): FieldComparison[] {
    const pending = this[PENDING];
    pending.reason ??= pending.log.reasonOf(pending.logIndex);
    return pending.reason;
  },
  set(this: { [PENDING]: PendingReason }, reason: FieldComparison[]) {
    this[PENDING].reason = reason;
  },
};

class OrderedMatches implements MatchTable {
  constructor(
    private readonly log: MatchLog,
    private readonly order: Int32Array,
  ) {}

  get count(): number {
    return this.order.length;
  }

  pass(index: number): string {
    return this.log.passOf(this.order[index]!);
  }

  cardinality(index: number): Cardinality {
    return this.log.cardinalityOf(this.order[index]!);
  }

  score(index: number): number {
    return this.log.scoreOf(this.order[index]!);
  }

  sourceRows(index: number): number[] {
    return this.log.sourceRowsOf(this.order[index]!);
  }

  targetRows(index: number): number[] {
    return this.log.targetRowsOf(this.order[index]!);
  }

  /**
   * The Match object, with the same own enumerable properties in the same
   * order as ever, so JSON and equality are unchanged. Its reason is built
   * when first read and then kept.
   */
  match(index: number): Match {
    const logIndex = this.order[index]!;
    const log = this.log;
    const match = {
      pass: log.passOf(logIndex),
      cardinality: log.cardinalityOf(logIndex),
      sourceRows: log.sourceRowsOf(logIndex),
      targetRows: log.targetRowsOf(logIndex),
      score: log.scoreOf(logIndex),
    } as Match;
    Object.defineProperty(match, PENDING, { value: { log, logIndex, reason: undefined } satisfies PendingReason });
    Object.defineProperty(match, "reason", REASON_ON_DEMAND);
    return match;
  }

  toArray(): Match[] {
    const matches = new Array<Match>(this.order.length);
    for (let i = 0; i < matches.length; i++) matches[i] = this.match(i);
    return matches;
  }
}
