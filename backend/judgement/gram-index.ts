/**
 * The n-gram vocabulary as a trie in flat typed arrays. A judgement looks up ~150 grams; with
 * a Map per trie node each step was a hash-map call, here it is a few array reads: the first
 * character indexes a table directly, a later one is found by open addressing on (node, char).
 * Node 0 is "none"; nodes are numbered from 1.
 */
export class GramIndex {
  /** The node of each one-character gram, by UTF-16 unit. */
  private readonly roots = new Int32Array(0x10000);
  /** Per node: the feature of the gram ending here (−1: none), and 1 when grams go on from it. */
  private feature: Int32Array;
  private inner: Uint8Array;
  private nodes = 1;
  /** Open-addressing table of edges: (from node, char) → to node; from 0 marks a free slot. */
  private readonly from: Int32Array;
  private readonly char: Int32Array;
  private readonly to: Int32Array;
  private readonly mask: number;

  /** Grams as arrays of codes (already mapped, e.g. digits to 0), with their features. */
  constructor(grams: readonly (readonly number[])[], features: readonly number[]) {
    const edges = grams.reduce((n, g) => n + g.length, 0);
    let size = 16;
    while (size < edges * 2) size *= 2;
    this.mask = size - 1;
    this.from = new Int32Array(size);
    this.char = new Int32Array(size);
    this.to = new Int32Array(size);
    this.feature = new Int32Array(edges + 2).fill(-1);
    this.inner = new Uint8Array(edges + 2);
    grams.forEach((g, i) => this.add(g, features[i] ?? -1));
    this.feature = this.feature.slice(0, this.nodes);
    this.inner = this.inner.slice(0, this.nodes);
  }

  private add(gram: readonly number[], feature: number): void {
    const [c0 = 0, ...rest] = gram;
    let node = this.roots[c0] || (this.roots[c0] = this.nodes++);
    for (const c of rest) {
      let next = this.child(node, c);
      if (next === 0) {
        next = this.nodes++;
        let h = this.slot(node, c);
        while (this.from[h] !== 0) h = (h + 1) & this.mask;
        this.from[h] = node;
        this.char[h] = c;
        this.to[h] = next;
        this.inner[node] = 1;
      }
      node = next;
    }
    this.feature[node] = feature;
  }

  private slot(node: number, c: number): number {
    return (Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)) & this.mask;
  }

  /** The node of a one-character gram, 0 when no gram starts with it. */
  root(c: number): number {
    return this.roots[c] as number;
  }

  /** The node one character on, 0 when no gram continues so. */
  child(node: number, c: number): number {
    if (this.inner[node] !== 1) return 0;
    for (let h = this.slot(node, c); this.from[h] !== 0; h = (h + 1) & this.mask) {
      if (this.from[h] === node && this.char[h] === c) return this.to[h] as number;
    }
    return 0;
  }

  /** The feature of the gram ending at a node, −1 when it is only a prefix. */
  featureAt(node: number): number {
    return this.feature[node] as number;
  }
}
