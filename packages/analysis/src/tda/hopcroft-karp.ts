/** Maximum bipartite matching by Hopcroft–Karp, O(E √V), on an adjacency list in typed arrays. */

/**
 * The size of a maximum matching between `left` and `right` vertices, where left vertex u
 * is adjacent to `neighbors[offsets[u] .. offsets[u + 1])`. Each phase finds a maximal set
 * of shortest vertex-disjoint augmenting paths (BFS layers, then DFS along them).
 *
 * @example
 * // 0–0, 0–1, 1–0: both left vertices can be matched.
 * maximumMatching(2, 2, Int32Array.of(0, 2, 3), Int32Array.of(0, 1, 0)); // → 2
 */
export function maximumMatching(left: number, right: number, offsets: Int32Array, neighbors: Int32Array): number {
  const matchLeft = new Int32Array(left).fill(-1);
  const matchRight = new Int32Array(right).fill(-1);
  const layer = new Int32Array(left);
  const queue = new Int32Array(left);
  const cursor = new Int32Array(left);
  const stack = new Int32Array(left + 1);
  const INF = 0x3fffffff;
  let size = 0;
  for (;;) {
    // BFS from the free left vertices; `found` is the layer at which a free right vertex appears.
    let head = 0;
    let tail = 0;
    for (let u = 0; u < left; u++) {
      if (matchLeft[u] === -1) {
        layer[u] = 0;
        queue[tail++] = u;
      } else layer[u] = INF;
    }
    let found = INF;
    while (head < tail) {
      const u = queue[head++]!;
      if (layer[u]! >= found) continue;
      for (let e = offsets[u]!; e < offsets[u + 1]!; e++) {
        const w = matchRight[neighbors[e]!]!;
        if (w === -1) found = Math.min(found, layer[u]! + 1);
        else if (layer[w] === INF) {
          layer[w] = layer[u]! + 1;
          queue[tail++] = w;
        }
      }
    }
    if (found === INF) return size;
    // DFS (iterative, so deep paths cannot overflow the call stack) along the layers.
    for (let u = 0; u < left; u++) cursor[u] = offsets[u]!;
    for (let start = 0; start < left; start++) {
      if (matchLeft[start] !== -1) continue;
      let depth = 0;
      stack[0] = start;
      while (depth >= 0) {
        const u = stack[depth]!;
        let advanced = false;
        while (cursor[u]! < offsets[u + 1]!) {
          const r = neighbors[cursor[u]!]!;
          const w = matchRight[r]!;
          if (w === -1 ? layer[u]! + 1 === found : layer[w] === layer[u]! + 1) {
            if (w === -1) {
              // Augment along the stack: each stacked left vertex takes the edge its cursor points at.
              for (let k = depth; k >= 0; k--) {
                const x = stack[k]!;
                const y = neighbors[cursor[x]!]!;
                matchLeft[x] = y;
                matchRight[y] = x;
                cursor[x]!++;
              }
              size++;
              depth = -1;
              advanced = true;
              break;
            }
            stack[++depth] = w;
            advanced = true;
            break;
          }
          cursor[u]!++;
        }
        if (depth < 0) break;
        if (!advanced) {
          // Dead end: drop u from this phase and step back past the edge that led here.
          layer[u] = INF;
          depth--;
          if (depth >= 0) cursor[stack[depth]!]!++;
        }
      }
    }
  }
}
