/** The Hungarian algorithm (Kuhn–Munkres with potentials, O(n³)): an exact minimum-cost perfect assignment. */

/**
 * Assigns row i to column `assignment[i]` so that Σ cost[i][assignment[i]] is minimal, for a
 * dense square `cost` matrix stored row by row. Rows are added one at a time; each finds a
 * shortest augmenting path under reduced costs cost − u[row] − v[col] (Dijkstra-like, with
 * the potentials keeping reduced costs ≥ 0), so the result is optimal, not approximate.
 *
 * @example
 * minCostAssignment(Float64Array.of(4, 1, 2, 3), 2); // → { total: 3, assignment: Int32Array [1, 0] }
 */
export function minCostAssignment(cost: Float64Array, n: number): { total: number; assignment: Int32Array } {
  if (cost.length !== n * n) throw new RangeError(`cost matrix has ${cost.length} entries, expected ${n}×${n}`);
  // 1-based, with column 0 as the virtual start of each augmenting path.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOf = new Int32Array(n + 1);
  const previous = new Int32Array(n + 1);
  const slack = new Float64Array(n + 1);
  const visited = new Uint8Array(n + 1);
  for (let row = 1; row <= n; row++) {
    rowOf[0] = row;
    let col = 0;
    slack.fill(Infinity);
    visited.fill(0);
    do {
      visited[col] = 1;
      const r = rowOf[col]!;
      let delta = Infinity;
      let next = 0;
      const base = (r - 1) * n - 1;
      for (let j = 1; j <= n; j++) {
        if (visited[j]) continue;
        const reduced = cost[base + j]! - u[r]! - v[j]!;
        if (reduced < slack[j]!) {
          slack[j] = reduced;
          previous[j] = col;
        }
        if (slack[j]! < delta) {
          delta = slack[j]!;
          next = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (visited[j]) {
          u[rowOf[j]!]! += delta;
          v[j]! -= delta;
        } else slack[j]! -= delta;
      }
      col = next;
    } while (rowOf[col] !== 0);
    // Flip the augmenting path back to its start.
    while (col !== 0) {
      const prev = previous[col]!;
      rowOf[col] = rowOf[prev]!;
      col = prev;
    }
  }
  const assignment = new Int32Array(n);
  let total = 0;
  for (let j = 1; j <= n; j++) {
    assignment[rowOf[j]! - 1] = j - 1;
    total += cost[(rowOf[j]! - 1) * n + j - 1]!;
  }
  return { total, assignment };
}
