/** Topology engine: Vietoris–Rips persistent homology and the tools that read its diagrams. */
export { ripsPersistence, ripsPersistenceOfDistances } from './rips.js';
export type { Diagram, DistanceMatrix, PackedPoints, PersistenceDiagrams, PersistencePair, PointCloud, RipsOptions } from './types.js';
export { bettiCurve, bettiNumbers, gridPoints, type Grid } from './betti.js';
export { persistenceEntropy, type EntropyOptions } from './entropy.js';
export { firstLandscapeNorm, landscapeCriticalPoints, landscapeNorm, persistenceLandscape, type Landscape, type LandscapeOptions } from './landscape.js';
export { bottleneckDistance } from './bottleneck.js';
export { wassersteinDistance, type WassersteinOptions } from './wasserstein.js';
