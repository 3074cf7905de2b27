/**
 * `makeSuite`: a reproducible fleet of traces for training and evaluation — healthy hosts that
 * live through hard but benign events, and failures of every class, some abrupt. Host seeds of
 * the three splits are disjoint by construction (seed mod 3 names the split), so a held-out
 * host can never have been seen in training, whatever suite seeds are used.
 */
import { FAILURE_CLASSES } from '@aura/protocol';
import { BENIGN_EVENTS, type BenignEvent } from './profile.js';
import { createRng, mixSeed, pick, type Rng } from './random.js';
import { generateTrace, type Trace, type TraceOptions } from './trace.js';

export const SPLITS = ['train', 'validation', 'test'] as const;
export type Split = (typeof SPLITS)[number];

export interface SuiteOptions {
  seed: number;
  hosts: number;
  split: Split;
  /** Days per host (default 3). */
  days?: number;
  stepSeconds?: number;
  startMs?: number;
  /** Share of hosts that fail (default 0.5), spread evenly over the classes. */
  failingShare?: number;
  /** Share of failures that are abrupt (default 0.15). */
  abruptShare?: number;
}

export interface SuiteEntry {
  id: string;
  split: Split;
  options: TraceOptions;
}

/** The split a host seed belongs to. @example splitOfSeed(makeSuite({ seed: 1, hosts: 4, split: 'test' })[0]!.options.seed) // 'test' */
export function splitOfSeed(seed: number): Split {
  return SPLITS[seed % 3]!;
}

function hostSeed(suiteSeed: number, split: Split, index: number): number {
  const s = SPLITS.indexOf(split);
  let h = mixSeed(mixSeed(suiteSeed, 101 + s), index);
  h = h - (h % 3) + s;
  return h > 0xffffffff ? h - 3 : h;
}

/**
 * The hosts of one split, in a shuffled but reproducible order.
 * @example
 * const test = makeSuite({ seed: 1, hosts: 200, days: 3, split: 'test' });
 * test.filter((e) => e.options.scenario !== 'healthy').length // 100
 */
export function makeSuite(opts: SuiteOptions): SuiteEntry[] {
  if (!Number.isInteger(opts.hosts) || opts.hosts < 1) throw new RangeError(`hosts: ${opts.hosts} is not a positive integer (example: 200)`);
  if (!SPLITS.includes(opts.split)) throw new RangeError(`split: "${String(opts.split)}" is not one of ${SPLITS.join(', ')}`);
  const rng = createRng(mixSeed(opts.seed, 100 + SPLITS.indexOf(opts.split)));
  const failing = Math.round(opts.hosts * (opts.failingShare ?? 0.5));
  const abruptShare = opts.abruptShare ?? 0.15;
  const offset = Math.floor(rng.next() * FAILURE_CLASSES.length);
  const order = shuffle(Array.from({ length: opts.hosts }, (_, i) => i), rng);
  return order.map((slot, i) => {
    const seed = hostSeed(opts.seed, opts.split, i);
    const isFailing = slot < failing;
    const base = { seed, days: opts.days ?? 3, hostId: `${opts.split}-${String(i).padStart(4, '0')}`, ...(opts.stepSeconds ? { stepSeconds: opts.stepSeconds } : {}), ...(opts.startMs !== undefined ? { startMs: opts.startMs } : {}) };
    let options: TraceOptions;
    if (isFailing) {
      const cls = FAILURE_CLASSES[(slot + offset) % FAILURE_CLASSES.length]!;
      const abrupt = (slot * 0.618034) % 1 < abruptShare;
      options = { ...base, scenario: cls, abrupt, benign: rng.next() < 0.3 ? [pickBenign(rng)] : [] };
    } else {
      const benign = new Set<BenignEvent>([pickBenign(rng)]);
      if (rng.next() < 0.4) benign.add(pickBenign(rng));
      options = { ...base, scenario: 'healthy', benign: [...benign], ...(benign.has('jvm-high') ? { persona: 'jvm' as const } : {}) };
    }
    return { id: base.hostId, split: opts.split, options };
  });
}

/** The suite's traces, generated one at a time (a suite of hundreds of host-days does not fit in memory at once). */
export function* suiteTraces(opts: SuiteOptions): Generator<Trace> {
  for (const e of makeSuite(opts)) yield generateTrace(e.options);
}

function pickBenign(rng: Rng): BenignEvent {
  return pick(rng, BENIGN_EVENTS);
}

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
