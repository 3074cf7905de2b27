/** A small seeded PRNG (mulberry32) and helpers, so every trace is reproducible from its seed. */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // Box–Muller makes two normals at a time; the second is kept for the next call.
  let spare = NaN;
  const normal = () => {
    if (spare === spare) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - next()));
    const a = 2 * Math.PI * next();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
  return { next, normal, range: (lo, hi) => lo + (hi - lo) * next() };
}

/** Seed from a string (FNV-1a), so "sim-0042" always gets the same host. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A seed derived from a parent seed and a salt (murmur3's finaliser), so each part of a host
 * (its facts, its days, its failure) draws from its own stream and one part's draws never shift
 * another's. @example mixSeed(42, 7) !== mixSeed(42, 8)
 */
export function mixSeed(seed: number, salt: number): number {
  let h = (seed ^ Math.imul(salt + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Uniform integer in [lo, hi]. */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng.next() * (hi - lo + 1));
}

/** One element, uniformly. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.next() * items.length)]!;
}

/** Log-uniform in [lo, hi): durations and sizes spread over orders of magnitude. */
export function logRange(rng: Rng, lo: number, hi: number): number {
  return lo * Math.exp(rng.next() * Math.log(hi / lo));
}

/**
 * Heavy-tailed unit noise: a normal whose scale is 4× one time in twenty (a contaminated
 * normal, kurtosis ≈ 9), like the rare large jumps of real CPU and latency metrics that a
 * plain Gaussian never produces. Cheaper than a Student-t and as heavy where it matters.
 */
export function heavyTail(rng: Rng): number {
  return (rng.normal() * (rng.next() < 0.05 ? 4 : 1)) / 1.25;
}

/** Poisson count with mean `mean` (Knuth for small means, a rounded normal above 30). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}
