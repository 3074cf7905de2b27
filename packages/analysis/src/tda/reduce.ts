/** The cohomology reduction of one dimension: coboundary columns reduced right to left with Z/2 coefficients. */
import { Cofacets } from './cofacets.js';
import { ColumnHeap } from './heap.js';
import { WorkingColumn } from './working-column.js';
import { PivotMap } from './pivot-map.js';
import { SimplexBuffer } from './simplex-buffer.js';
import type { RipsSpace } from './space.js';
import type { Diagram } from './types.js';

/**
 * Reduces the coboundary columns of the `dim`-simplices in `columns` (reverse filtration
 * order, already cleared) and appends the `[birth, death)` pairs with death > birth, and
 * `[birth, ∞)` for essential classes, to `out`. Returns the pivots (the (dim+1)-simplices
 * that kill a class), which clear the columns of the next dimension. With `simplices`, each
 * pair pushed also pushes its birth simplex and death simplex (−1 for none) there.
 *
 * Only the reduction matrix V is stored (a few simplices per column); the reduced
 * coboundaries are recomputed from it on demand, which keeps memory small.
 */
export function reduceColumns(space: RipsSpace, columns: SimplexBuffer, dim: number, out: Diagram, simplices: number[] | null = null): PivotMap {
  const threshold = space.threshold;
  const pivots = new PivotMap(columns.count);
  const working = new WorkingColumn();
  const reduction = new ColumnHeap(64);
  const cofacets = new Cofacets(space);
  const stored = new SimplexBuffer(64);
  const starts = new Int32Array(columns.count + 1);

  // Adds δ(simplex) to the working column. The column being added has the working pivot as
  // its own pivot, so its entries older than that pivot cancel out in the sum: skipping them
  // saves heap work and changes nothing.
  const addCoboundary = (diameter: number, index: number, pivotDiameter: number, pivotIndex: number): void => {
    reduction.push(diameter, index);
    working.addAll(cofacets.buffer, cofacets.collect(diameter, index, dim, threshold, pivotDiameter, pivotIndex));
  };
  for (let c = 0; c < columns.count; c++) {
    const birth = columns.diameters[c]!;
    const index = columns.indices[c]!;
    starts[c] = stored.count;
    reduction.clear();
    let hasPivot = initColumn(space, cofacets, working, pivots, birth, index, dim);
    for (;;) {
      if (!hasPivot) {
        out.push([birth, Infinity]);
        simplices?.push(index, -1);
        break;
      }
      const death = working.pivotDiameter;
      const pivot = working.pivotIndex;
      const other = pivots.get(pivot);
      if (other >= 0) {
        addCoboundary(columns.diameters[other]!, columns.indices[other]!, death, pivot);
        for (let e = starts[other]!, end = starts[other + 1]!; e < end; e++) {
          addCoboundary(stored.diameters[e]!, stored.indices[e]!, death, pivot);
        }
        hasPivot = working.pivot();
        continue;
      }
      // A pivot claimed by a skipped apparent column: add that column (its own coboundary).
      const facet = space.zeroApparentFacet(death, pivot, dim + 1);
      if (facet >= 0) {
        addCoboundary(death, facet, death, pivot);
        hasPivot = working.pivot();
        continue;
      }
      if (death > birth) {
        out.push([birth, death]);
        simplices?.push(index, pivot);
      }
      pivots.set(pivot, c);
      while (reduction.popPivot()) stored.push(reduction.pivotDiameter, reduction.pivotIndex);
      break;
    }
    starts[c + 1] = stored.count;
  }
  return pivots;
}

/**
 * Loads the coboundary of a column and returns whether it has a pivot. Shortcut (emergent
 * pair): the oldest cofacet with the column's own diameter is the pivot at once when no
 * earlier column and no apparent pair claims it, and then nothing is loaded at all.
 */
function initColumn(
  space: RipsSpace,
  cofacets: Cofacets,
  working: WorkingColumn,
  pivots: PivotMap,
  diameter: number,
  index: number,
  dim: number,
): boolean {
  working.reset(diameter);
  const count = cofacets.collect(diameter, index, dim, space.threshold, -Infinity, 0);
  const entries = cofacets.buffer;
  for (let i = 0; i < count; i++) {
    if (entries[2 * i] !== diameter) continue;
    // The first cofacet with σ's diameter (they come in descending index order) is the oldest.
    const candidate = entries[2 * i + 1]!;
    if (!pivots.has(candidate) && space.zeroApparentFacet(diameter, candidate, dim + 1) < 0) {
      working.addAll(entries.subarray(2 * i, 2 * i + 2), 1);
      return working.pivot();
    }
    break;
  }
  working.addAll(entries, count);
  return working.pivot();
}
