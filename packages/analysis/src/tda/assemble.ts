/** Gathers the columns of the next dimension: every simplex once, minus cleared pivots and apparent pairs. */
import { Cofacets } from './cofacets.js';
import type { PivotMap } from './pivot-map.js';
import { SimplexBuffer } from './simplex-buffer.js';
import type { RipsSpace } from './space.js';

export interface Assembled {
  /** All (dim+1)-simplices within the threshold (only when asked for: the next step needs them). */
  simplices: SimplexBuffer | null;
  /** The (dim+1)-columns to reduce, in reverse filtration order. */
  columns: SimplexBuffer;
}

/**
 * Clearing (Chen–Kerber's "twist"): a (dim+1)-simplex that was a pivot in dimension `dim`
 * has a zero column after reduction, so it is never reduced. Simplices in zero-persistence
 * apparent pairs are skipped too; the reduction finds their partners on demand.
 */
export function assembleColumns(space: RipsSpace, simplices: SimplexBuffer, dim: number, pivots: PivotMap, keepSimplices: boolean): Assembled {
  const threshold = space.threshold;
  const cofacets = new Cofacets(space);
  const next = keepSimplices ? new SimplexBuffer(simplices.count) : null;
  const columns = new SimplexBuffer(64);
  for (let s = 0; s < simplices.count; s++) {
    cofacets.start(simplices.diameters[s]!, simplices.indices[s]!, dim, false);
    while (cofacets.next()) {
      const diameter = cofacets.diameter;
      if (diameter > threshold) continue;
      const index = cofacets.index;
      next?.push(diameter, index);
      if (!pivots.has(index) && !space.isInZeroApparentPair(diameter, index, dim + 1)) columns.push(diameter, index);
    }
  }
  return { simplices: next, columns: columns.sorted(true) };
}
