/** Topology engine: Vietoris–Rips persistent homology and the tools that read its diagrams. */
export { ripsPersistence, ripsPersistenceOfDistances } from './rips.js';
export type { Diagram, DistanceMatrix, PackedPoints, PersistenceDiagrams, PersistencePair, PointCloud, RipsOptions } from './types.js';
