/**
 * Turning candidate pairs into a decision without ever picking arbitrarily.
 *
 * A pair (s, t) is matched when t is s's single best candidate AND s is t's
 * single best candidate ("mutual unique best"). Matching a pair removes both
 * units, which can only take competitors away from others, so pairs become
 * mutual in waves; a worklist repeats until nothing changes. Because removing
 * other pairs never breaks an existing mutual pair, the final matching does
 * not depend on the order pairs were found or processed in.
 *
 * Whatever still has a live candidate afterwards has a tie somewhere in its
 * neighbourhood: those units, grouped by connected component, become one
 * AMBIGUOUS exception each. A unit whose candidate window was too large to
 * compare ("overflow") can never be matched and is reported the same way;
 * its known edges still count as competition for the units around it.
 */

export interface CandidateEdge {
  source: number;
  target: number;
  score: number;
}

export interface AmbiguousComponent {
  sources: number[];
  targets: number[];
  edges: CandidateEdge[];
  /** Units not compared because their window held too many rows: unit → rows in the window. */
  sourceOverflow: Map<number, number>;
  targetOverflow: Map<number, number>;
}

export interface Resolution {
  matches: CandidateEdge[];
  ambiguous: AmbiguousComponent[];
}

export class CandidateGraph {
  private readonly edgeSources: number[] = [];
  private readonly edgeTargets: number[] = [];
  private readonly edgeScores: number[] = [];
  readonly sourceOverflow = new Map<number, number>();
  readonly targetOverflow = new Map<number, number>();

  get edgeCount(): number {
    return this.edgeScores.length;
  }

  /** Each (source, target) pair must be added at most once. */
  addEdge(source: number, target: number, score: number): void {
    this.edgeSources.push(source);
    this.edgeTargets.push(target);
    this.edgeScores.push(score);
  }

  markOverflow(side: "source" | "target", unit: number, windowRows: number): void {
    (side === "source" ? this.sourceOverflow : this.targetOverflow).set(unit, windowRows);
  }

  resolve(): Resolution {
    const sourceIds = new LocalIds();
    const targetIds = new LocalIds();
    const edgeCount = this.edgeScores.length;
    const localSource = new Int32Array(edgeCount);
    const localTarget = new Int32Array(edgeCount);
    for (let edge = 0; edge < edgeCount; edge++) {
      localSource[edge] = sourceIds.of(this.edgeSources[edge]!);
      localTarget[edge] = targetIds.of(this.edgeTargets[edge]!);
    }
    for (const unit of sortedKeys(this.sourceOverflow)) sourceIds.of(unit);
    for (const unit of sortedKeys(this.targetOverflow)) targetIds.of(unit);

    const sourceCount = sourceIds.units.length;
    const targetCount = targetIds.units.length;
    const sourceAdjacency = adjacency(localSource, sourceCount);
    const targetAdjacency = adjacency(localTarget, targetCount);
    const sourceBlocked = blockedFlags(sourceIds, this.sourceOverflow);
    const targetBlocked = blockedFlags(targetIds, this.targetOverflow);
    const sourceAlive = new Uint8Array(sourceCount).fill(1);
    const targetAlive = new Uint8Array(targetCount).fill(1);
    const scores = this.edgeScores;

    // The single best live neighbour, or −1 when there is none, it is tied, or the unit may not be matched.
    const bestTargetOf = (source: number): number => {
      if (sourceBlocked[source]) return -1;
      return uniqueBest(sourceAdjacency, source, localTarget, targetAlive, scores);
    };
    const bestSourceOf = (target: number): number => {
      if (targetBlocked[target]) return -1;
      return uniqueBest(targetAdjacency, target, localSource, sourceAlive, scores);
    };

    const bestTarget = new Int32Array(sourceCount);
    const bestSource = new Int32Array(targetCount);
    for (let source = 0; source < sourceCount; source++) bestTarget[source] = bestTargetOf(source);
    for (let target = 0; target < targetCount; target++) bestSource[target] = bestSourceOf(target);

    const matches: CandidateEdge[] = [];
    const pending: number[] = [];
    for (let source = sourceCount - 1; source >= 0; source--) pending.push(source);
    while (pending.length > 0) {
      const source = pending.pop()!;
      if (!sourceAlive[source]) continue;
      const target = bestTarget[source]!;
      if (target < 0 || bestSource[target] !== source) continue;
      sourceAlive[source] = 0;
      targetAlive[target] = 0;
      matches.push({ source: sourceIds.units[source]!, target: targetIds.units[target]!, score: bestScore(sourceAdjacency, source, localTarget, target, scores) });
      // Only neighbours of the removed pair can have a new best.
      for (let i = sourceAdjacency.start[source]!; i < sourceAdjacency.start[source + 1]!; i++) {
        const neighbour = localTarget[sourceAdjacency.edges[i]!]!;
        if (!targetAlive[neighbour]) continue;
        bestSource[neighbour] = bestSourceOf(neighbour);
        if (bestSource[neighbour]! >= 0) pending.push(bestSource[neighbour]!);
      }
      for (let i = targetAdjacency.start[target]!; i < targetAdjacency.start[target + 1]!; i++) {
        const neighbour = localSource[targetAdjacency.edges[i]!]!;
        if (!sourceAlive[neighbour]) continue;
        bestTarget[neighbour] = bestTargetOf(neighbour);
        pending.push(neighbour);
      }
    }

    const ambiguous = this.components(sourceIds, targetIds, localSource, localTarget, sourceAlive, targetAlive, sourceBlocked, targetBlocked);
    return { matches, ambiguous };
  }

  private components(
    sourceIds: LocalIds,
    targetIds: LocalIds,
    localSource: Int32Array,
    localTarget: Int32Array,
    sourceAlive: Uint8Array,
    targetAlive: Uint8Array,
    sourceBlocked: Uint8Array,
    targetBlocked: Uint8Array,
  ): AmbiguousComponent[] {
    const sourceCount = sourceIds.units.length;
    const nodes = new UnionFind(sourceCount + targetIds.units.length);
    const involved = new Uint8Array(sourceCount + targetIds.units.length);
    const liveEdges: number[] = [];
    for (let edge = 0; edge < localSource.length; edge++) {
      const source = localSource[edge]!;
      const target = localTarget[edge]!;
      if (!sourceAlive[source] || !targetAlive[target]) continue;
      nodes.union(source, sourceCount + target);
      involved[source] = 1;
      involved[sourceCount + target] = 1;
      liveEdges.push(edge);
    }
    for (let source = 0; source < sourceCount; source++) if (sourceBlocked[source] && sourceAlive[source]) involved[source] = 1;
    for (let target = 0; target < targetIds.units.length; target++) if (targetBlocked[target] && targetAlive[target]) involved[sourceCount + target] = 1;

    const byRoot = new Map<number, AmbiguousComponent>();
    const componentOf = (node: number): AmbiguousComponent => {
      const root = nodes.find(node);
      let component = byRoot.get(root);
      if (!component) {
        component = { sources: [], targets: [], edges: [], sourceOverflow: new Map(), targetOverflow: new Map() };
        byRoot.set(root, component);
      }
      return component;
    };
    for (let node = 0; node < involved.length; node++) {
      if (!involved[node]) continue;
      const component = componentOf(node);
      if (node < sourceCount) {
        const unit = sourceIds.units[node]!;
        component.sources.push(unit);
        const windowRows = this.sourceOverflow.get(unit);
        if (windowRows !== undefined) component.sourceOverflow.set(unit, windowRows);
      } else {
        const unit = targetIds.units[node - sourceCount]!;
        component.targets.push(unit);
        const windowRows = this.targetOverflow.get(unit);
        if (windowRows !== undefined) component.targetOverflow.set(unit, windowRows);
      }
    }
    for (const edge of liveEdges) {
      componentOf(localSource[edge]!).edges.push({
        source: sourceIds.units[localSource[edge]!]!,
        target: targetIds.units[localTarget[edge]!]!,
        score: this.edgeScores[edge]!,
      });
    }
    return [...byRoot.values()];
  }
}

class LocalIds {
  readonly units: number[] = [];
  private readonly ids = new Map<number, number>();

  of(unit: number): number {
    let id = this.ids.get(unit);
    if (id === undefined) {
      id = this.units.length;
      this.units.push(unit);
      this.ids.set(unit, id);
    }
    return id;
  }

  find(unit: number): number | undefined {
    return this.ids.get(unit);
  }
}

interface Adjacency {
  start: Int32Array;
  edges: Int32Array;
}

function adjacency(endpoint: Int32Array, nodeCount: number): Adjacency {
  const start = new Int32Array(nodeCount + 1);
  for (let edge = 0; edge < endpoint.length; edge++) start[endpoint[edge]! + 1] = start[endpoint[edge]! + 1]! + 1;
  for (let node = 0; node < nodeCount; node++) start[node + 1] = start[node + 1]! + start[node]!;
  const fill = start.slice(0, nodeCount);
  const edges = new Int32Array(endpoint.length);
  for (let edge = 0; edge < endpoint.length; edge++) {
    const node = endpoint[edge]!;
    edges[fill[node]!] = edge;
    fill[node] = fill[node]! + 1;
  }
  return { start, edges };
}

function blockedFlags(ids: LocalIds, overflow: Map<number, number>): Uint8Array {
  const flags = new Uint8Array(ids.units.length);
  for (const unit of overflow.keys()) {
    const id = ids.find(unit);
    if (id !== undefined) flags[id] = 1;
  }
  return flags;
}

function uniqueBest(adjacencyOf: Adjacency, node: number, other: Int32Array, otherAlive: Uint8Array, scores: number[]): number {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  let ties = 0;
  for (let i = adjacencyOf.start[node]!; i < adjacencyOf.start[node + 1]!; i++) {
    const edge = adjacencyOf.edges[i]!;
    const neighbour = other[edge]!;
    if (!otherAlive[neighbour]) continue;
    const score = scores[edge]!;
    if (score > bestScore) {
      bestScore = score;
      best = neighbour;
      ties = 1;
    } else if (score === bestScore) {
      ties++;
    }
  }
  return ties === 1 ? best : -1;
}

function bestScore(adjacencyOf: Adjacency, source: number, localTarget: Int32Array, target: number, scores: number[]): number {
  for (let i = adjacencyOf.start[source]!; i < adjacencyOf.start[source + 1]!; i++) {
    const edge = adjacencyOf.edges[i]!;
    if (localTarget[edge] === target) return scores[edge]!;
  }
  return 0;
}

function sortedKeys(map: Map<number, number>): number[] {
  return [...map.keys()].sort((a, b) => a - b);
}

class UnionFind {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, index) => index);
  }

  find(node: number): number {
    let root = node;
    while (this.parent[root] !== root) root = this.parent[root]!;
    let current = node;
    while (this.parent[current] !== root) {
      const next = this.parent[current]!;
      this.parent[current] = root;
      current = next;
    }
    return root;
  }

  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    // The smaller root wins, so component roots do not depend on union order.
    if (rootA < rootB) this.parent[rootB] = rootA;
    else if (rootB < rootA) this.parent[rootA] = rootB;
  }
}
