/** Features: from a host's samples to vectors, windows and point clouds (pure; see README.md). */
export { FEATURE_COUNT, FEATURE_INDEX, HOST_FEATURES, hostVector, hostVectorOf, isAnalysedMetric, transformFeature, type HostFeature } from './host-vector.js';
export { MAD_TO_SIGMA, mad, median, medianInPlace, quantile, robustStats, robustZ, type RobustStats } from './robust.js';
export { stateCloud, windowSpread, type FeatureWindow, type StateCloud, type StateCloudOptions } from './state-cloud.js';
export { delayEmbedding, slidingWindows, type DelayOptions } from './windows.js';
