/** Splits a diagram into its finite pairs and its essential classes, for the distances. */
import type { Diagram } from './types.js';

export interface DiagramParts {
  births: Float64Array;
  deaths: Float64Array;
  /** Births of the classes with death = Infinity, ascending. */
  essential: Float64Array;
}

export function splitDiagram(diagram: Diagram): DiagramParts {
  const births: number[] = [];
  const deaths: number[] = [];
  const essential: number[] = [];
  diagram.forEach(([birth, death], i) => {
    if (!Number.isFinite(birth) || Number.isNaN(death) || death < birth) {
      throw new RangeError(`pair ${i} [${birth}, ${death}] is not a persistence pair (finite birth ≤ death)`);
    }
    if (death === Infinity) essential.push(birth);
    else {
      births.push(birth);
      deaths.push(death);
    }
  });
  return { births: Float64Array.from(births), deaths: Float64Array.from(deaths), essential: Float64Array.from(essential).sort() };
}

/**
 * Essential classes can only match each other, and their distance is |Δbirth|. Sorted
 * order is an optimal matching on a line for every cost |Δ|^p and for the maximum, so the
 * i-th smallest births pair up. Different counts → no matching (Infinity), as in GUDHI.
 */
export function essentialCosts(a: Float64Array, b: Float64Array): Float64Array | null {
  if (a.length !== b.length) return null;
  return a.map((x, i) => Math.abs(x - b[i]!));
}

/** Whether every finite point of both diagrams has the same birth (as in every H0 diagram). */
export function sameBirth(A: DiagramParts, B: DiagramParts): boolean {
  const first = A.births.length ? A.births[0]! : B.births[0];
  return A.births.every((x) => x === first) && B.births.every((x) => x === first);
}
