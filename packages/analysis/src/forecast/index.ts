/**
 * Forecasts and the baselines users rely on: static thresholds, Prometheus's predict_linear,
 * our robust (Theil–Sen) exhaustion trend, EWMA and seasonal z-scores — each an incremental
 * detector (state in, verdict out) that the evaluation can run over any trace.
 */
export { OK, metricIndexes, pendingFor, type Detector, type DetectorContext, type Verdict } from './detector.js';
export { linearRegression, predictLinear, rangeStart, timeToThreshold, type LinearFit } from './predict-linear.js';
export { theilSen, type TrendFit } from './theil-sen.js';
export { select, medianInPlace } from './select.js';
export { createStaticDetector, DEFAULT_THRESHOLD_RULES, type ThresholdRule, type StaticState } from './static-thresholds.js';
export { createPredictLinearDetector, DEFAULT_LINEAR_RULES, type LinearRule, type LinearState } from './prom-linear.js';
export { createTrendDetector, forecastExhaustion, EXHAUSTION_LIMITS, type TrendOptions, type TrendState } from './trend.js';
export { createEwmaDetector, createSeasonalDetector, ANOMALY_METRICS, sigmaFloor, type EwmaOptions, type EwmaState, type SeasonalOptions, type SeasonalState } from './zscore.js';
