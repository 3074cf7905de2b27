/**
 * A window of host vectors as a point cloud: one point per sample, one coordinate per feature,
 * each scaled by that host's usual spread of the feature. Rips diagrams do not move under
 * translation, so only the scales matter; keeping them fixed per host (learned slowly) is what
 * makes one window's diagram comparable with another's.
 */
import type { PackedPoints } from '../tda/index.js';
import { FEATURE_COUNT, HOST_FEATURES, transformFeature } from './host-vector.js';
import { MAD_TO_SIGMA, medianInPlace } from './robust.js';

/** A window of samples: `values[i * FEATURE_COUNT + f]` is feature f of sample i (NaN = missing). */
export interface FeatureWindow {
  /** Unix ms, ascending. */
  timestamps: Float64Array;
  values: Float64Array;
}

export interface StateCloud {
  points: PackedPoints;
  /** Feature indices used as coordinates, in coordinate order. */
  features: number[];
}

export interface StateCloudOptions {
  /** Per feature σ to divide by (transformed units); defaults to each feature's floor. */
  scales?: ArrayLike<number>;
  /** A feature present in fewer than this share of samples is left out (default 0.5). */
  minPresent?: number;
  /** Coordinates are clipped to ±clip (default 30): one absurd reading must not stretch the cloud. */
  clip?: number;
}

/**
 * The window's point cloud. Missing values of a kept feature take the feature's window median.
 *
 * @example
 * const cloud = stateCloud(window, { scales });
 * ripsPersistence(cloud.points, { maxDim: 1 });
 */
export function stateCloud(window: FeatureWindow, options: StateCloudOptions = {}): StateCloud {
  const n = window.timestamps.length;
  const minPresent = options.minPresent ?? 0.5;
  const clip = options.clip ?? 30;
  const column = new Float64Array(n);
  const scratch = new Float64Array(n);
  const kept: number[] = [];
  const columns: Float64Array[] = [];
  for (let f = 0; f < FEATURE_COUNT; f++) {
    let present = 0;
    for (let i = 0; i < n; i++) {
      const v = window.values[i * FEATURE_COUNT + f]!;
      column[i] = Number.isFinite(v) ? transformFeature(f, v) : Number.NaN;
      if (Number.isFinite(v)) scratch[present++] = column[i]!;
    }
    if (present === 0 || present < minPresent * n) continue;
    const center = medianInPlace(scratch, present);
    const scale = Math.max(options.scales?.[f] ?? 0, HOST_FEATURES[f]!.minScale);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const z = Number.isNaN(column[i]!) ? 0 : (column[i]! - center) / scale;
      out[i] = z > clip ? clip : z < -clip ? -clip : z;
    }
    kept.push(f);
    columns.push(out);
  }
  const dim = kept.length;
  const data = new Float64Array(n * dim);
  for (let k = 0; k < dim; k++) for (let i = 0; i < n; i++) data[i * dim + k] = columns[k]![i]!;
  return { points: { data, dim }, features: kept };
}

/**
 * Each feature's spread within the window (σ from the MAD of the transformed values, NaN when
 * fewer than half the samples carry it): what a host's usual scales are learned from.
 */
export function windowSpread(window: FeatureWindow): Float64Array {
  const n = window.timestamps.length;
  const out = new Float64Array(FEATURE_COUNT).fill(Number.NaN);
  const a = new Float64Array(n);
  for (let f = 0; f < FEATURE_COUNT; f++) {
    let m = 0;
    for (let i = 0; i < n; i++) {
      const v = window.values[i * FEATURE_COUNT + f]!;
      if (Number.isFinite(v)) a[m++] = transformFeature(f, v);
    }
    if (m === 0 || m < n / 2) continue;
    const center = medianInPlace(a, m);
    for (let i = 0; i < m; i++) a[i] = Math.abs(a[i]! - center);
    out[f] = MAD_TO_SIGMA * medianInPlace(a, m);
  }
  return out;
}
