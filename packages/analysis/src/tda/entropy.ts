/** Persistence entropy: how evenly the total persistence of a diagram is spread over its pairs. */
import type { Diagram } from './types.js';

export interface EntropyOptions {
  /**
   * Death to use for essential classes. By default they are left out (their length is
   * infinite), as giotto-tda does; pass e.g. the threshold to count them up to it.
   */
  infinity?: number;
  /** Divide by log(number of pairs) so the result lies in [0, 1] (default false). */
  normalize?: boolean;
}

/**
 * Shannon entropy (natural log) of the pair lengths ℓᵢ = death − birth, as probabilities
 * pᵢ = ℓᵢ / Σℓ: E = −Σ pᵢ log pᵢ. Zero-length pairs contribute nothing; an empty diagram
 * has entropy 0. One dominant feature gives ~0, many equal features give log(m).
 *
 * @example
 * persistenceEntropy([[0, 1], [0, 1]]); // → Math.LN2 ≈ 0.693
 * persistenceEntropy([[0, 1], [0, 1]], { normalize: true }); // → 1
 */
export function persistenceEntropy(diagram: Diagram, options: EntropyOptions = {}): number {
  const lengths: number[] = [];
  for (const [birth, death] of diagram) {
    const end = death === Infinity ? options.infinity : death;
    if (end === undefined) continue;
    const length = Math.max(0, end - birth);
    if (length > 0) lengths.push(length);
  }
  const total = lengths.reduce((s, l) => s + l, 0);
  if (total === 0 || !Number.isFinite(total)) return 0;
  let entropy = 0;
  for (const l of lengths) {
    const p = l / total;
    entropy -= p * Math.log(p);
  }
  if (options.normalize) return lengths.length > 1 ? entropy / Math.log(lengths.length) : 0;
  return entropy;
}
