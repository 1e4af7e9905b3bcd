/** Mid-ranks and tie counts shared by the rank tests. */

/** Ranks 1..n with ties given their average rank, and Σ(t³ − t) over tie groups of size t. */
export interface Ranking {
  ranks: Float64Array;
  /** Σ (t³ − t) over groups of t tied values (0 without ties). */
  tieSum: number;
}

/** Mid-ranks of x (R: rank(x), ties.method = "average"). */
export function midranks(x: ArrayLike<number>): Ranking {
  const n = x.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => x[a] - x[b]);
  const ranks = new Float64Array(n);
  let tieSum = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && x[order[j]] === x[order[i]]) j++;
    const r = (i + 1 + j) / 2; // average of ranks i+1..j
    for (let k = i; k < j; k++) ranks[order[k]] = r;
    const t = j - i;
    tieSum += t * t * t - t;
    i = j;
  }
  return { ranks, tieSum };
}
