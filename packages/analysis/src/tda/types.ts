/** Shared types of the topology engine: inputs, options and persistence diagrams. */

/** One persistence pair `[birth, death]`; `death` is `Infinity` for an essential class. */
export type PersistencePair = [birth: number, death: number];

/** The pairs of one homology dimension. */
export type Diagram = PersistencePair[];

/** The simplices of one pair: vertex lists (point indices); `death` is null for an essential class. */
export interface PairSimplices {
  birth: number[];
  death: number[] | null;
}

/** The diagrams of dimensions 0..maxDim, in that order. */
export interface PersistenceDiagrams {
  dimensions: Diagram[];
  /**
   * With `representatives: true`: per dimension, the simplices that create and kill each pair,
   * parallel to `dimensions` (same order). For H0 the death simplex is the merging edge; for H1
   * the birth simplex is the edge that closes the loop and the death simplex the triangle that
   * fills it, which together locate the loop among the points.
   */
  simplices?: PairSimplices[][];
}

/** Points packed row by row: point `i` is `data[i * dim .. (i + 1) * dim)`. */
export interface PackedPoints {
  data: Float64Array;
  dim: number;
}

/** A point cloud: one array of coordinates per point, or packed coordinates. */
export type PointCloud = ReadonlyArray<ArrayLike<number>> | PackedPoints;

/**
 * A distance matrix: either rows (full `n × n`, or lower-triangular where row `i` holds
 * `i` entries, or `i + 1` with the zero diagonal), or `{ lower }`, the strict lower triangle
 * flattened row by row (`d(1,0), d(2,0), d(2,1), …`, Ripser's `lower-distance` format).
 * Only the lower triangle of a full matrix is read. `Infinity` means "no edge".
 */
export type DistanceMatrix = ReadonlyArray<ArrayLike<number>> | { lower: ArrayLike<number> };

export interface RipsOptions {
  /** Highest homology dimension to compute (default 1). H2 is practical up to ~150 points. */
  maxDim?: number;
  /**
   * Largest simplex diameter in the filtration (default `Infinity`). Like Ripser, the complex
   * is cut at the enclosing radius whenever that is smaller: beyond it the complex is a cone,
   * so the diagrams are exactly those of the full filtration, only computed faster.
   */
  threshold?: number;
  /** Also report each pair's birth and death simplices (`PersistenceDiagrams.simplices`). */
  representatives?: boolean;
}
