/** Test support (imported by tests only, never bundled): fixture trees and a collector runner. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ConnSummary } from '@aura/protocol';
import type { Collector, ProcPaths } from './collectors/index.js';

const root = fileURLToPath(new URL('../test/fixtures/', import.meta.url));

/** The captured machine (`proc`), then hand-made readings 5 s and 10 s later (see test/fixtures/README.md). */
export const FIXTURES: Record<'now' | 'later' | 'unplugged', ProcPaths> = {
  now: { proc: `${root}proc`, sys: `${root}sys` },
  later: { proc: `${root}proc-later`, sys: `${root}sys` },
  unplugged: { proc: `${root}proc-unplugged`, sys: `${root}sys` },
};

export const fixture = (path: string): string => readFileSync(`${root}${path}`, 'utf8');

export interface Collected {
  gauges: Record<string, number>;
  counters: Record<string, number>;
  conns?: ConnSummary;
}

/** Run one collector into plain objects. */
export async function collectOnce(c: Collector): Promise<Collected> {
  const out: Collected = { gauges: {}, counters: {} };
  await c.collect({
    gauge: (n, v) => (out.gauges[n] = v),
    counter: (n, v) => (out.counters[n] = v),
    conns: (s) => (out.conns = s),
  });
  return out;
}
