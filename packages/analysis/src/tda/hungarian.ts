/** The Hungarian algorithm (Kuhn–Munkres with potentials, O(r²c)): an exact minimum-cost assignment. */

/**
 * Assigns each of `rows` rows to its own column among `cols ≥ rows` so that
 * Σ cost[i][assignment[i]] is minimal; `cost` is dense, row by row, and may hold Infinity
 * for forbidden cells as long as some assignment avoids them. Rows are added one at a time;
 * each finds a shortest augmenting path under the reduced costs cost − u[row] − v[col]
 * (Dijkstra-like; the potentials keep reduced costs ≥ 0), so the result is optimal.
 *
 * @example
 * minCostAssignment(Float64Array.of(4, 1, 2, 3), 2, 2); // → { total: 3, assignment: Int32Array [1, 0] }
 */
export function minCostAssignment(cost: Float64Array, rows: number, cols: number): { total: number; assignment: Int32Array } {
  if (cost.length !== rows * cols || rows > cols) throw new RangeError(`cost must be rows × cols with rows ≤ cols, got ${cost.length} for ${rows} × ${cols}`);
  // 1-based, with column 0 as the virtual start of each augmenting path.
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(cols + 1);
  const rowOf = new Int32Array(cols + 1);
  const previous = new Int32Array(cols + 1);
  const slack = new Float64Array(cols + 1);
  const visited = new Uint8Array(cols + 1);
  for (let row = 1; row <= rows; row++) {
    rowOf[0] = row;
    let col = 0;
    slack.fill(Infinity);
    visited.fill(0);
    do {
      visited[col] = 1;
      const r = rowOf[col]!;
      const ur = u[r]!;
      const base = (r - 1) * cols - 1;
      let delta = Infinity;
      let next = 0;
      for (let j = 1; j <= cols; j++) {
        if (visited[j]) continue;
        const reduced = cost[base + j]! - ur - v[j]!;
        if (reduced < slack[j]!) {
          slack[j] = reduced;
          previous[j] = col;
        }
        if (slack[j]! < delta) {
          delta = slack[j]!;
          next = j;
        }
      }
      if (next === 0) throw new RangeError('no assignment avoids the forbidden (infinite) cells');
      for (let j = 0; j <= cols; j++) {
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
  const assignment = new Int32Array(rows);
  let total = 0;
  for (let j = 1; j <= cols; j++) {
    if (rowOf[j] === 0) continue;
    assignment[rowOf[j]! - 1] = j - 1;
    total += cost[(rowOf[j]! - 1) * cols + j - 1]!;
  }
  return { total, assignment };
}
