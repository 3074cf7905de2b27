import { existsSync } from 'node:fs';
import type { HostId } from '@aura/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { T0, netSample, tempDir } from '../testing.js';
import type { HostDb } from './host-db.js';
import { HostPool } from './host-pool.js';

const id = (s: string) => s as HostId;
let tmp: ReturnType<typeof tempDir>;
let pools: HostPool[] = [];
beforeEach(() => {
  tmp = tempDir('aura-pool-');
  pools = [];
});
afterEach(() => {
  for (const p of pools) p.closeAll();
  tmp.remove();
});

function pool(capacity: number | (() => number), random?: () => number): HostPool {
  const p = new HostPool(tmp.dir, capacity, random);
  pools.push(p);
  return p;
}

describe('HostPool', () => {
  it('opens (and creates) one file per host under <data>/hosts and returns the same handle while it is open', () => {
    const p = pool(4);
    const a = p.get(id('web-1'));
    expect(p.get(id('web-1'))).toBe(a);
    expect(a.file).toBe(p.fileOf(id('web-1')));
    expect(p.fileOf(id('web-1')).endsWith('/hosts/web-1.db')).toBe(true);
    expect(existsSync(a.file)).toBe(true);
    expect(p.size).toBe(1);
    expect(p.opens).toBe(1);
  });

  it('never holds more files than its capacity: a file is finished (onRetire) and closed before another opens', () => {
    // random() = 0 always picks the first slot, so the victims are predictable.
    const p = pool(2, () => 0);
    const retired: HostDb[] = [];
    p.onRetire = (db) => {
      expect(db.db.open).toBe(true); // upkeep runs before the close
      retired.push(db);
    };
    const a = p.get(id('a'));
    const b = p.get(id('b'));
    a.writeBatch([netSample(T0, 0), netSample(T0 + 5000, 5000)], 'inst', 7);
    const c = p.get(id('c'));
    expect(p.size).toBe(2);
    expect(retired).toEqual([a]);
    expect(a.db.open).toBe(false);
    expect(b.db.open && c.db.open).toBe(true);
    expect(p.openHosts().map(([h]) => h).sort()).toEqual(['b', 'c']);

    // Reopening the closed host works and finds its data and state.
    const a2 = p.get(id('a'));
    expect(a2).not.toBe(a);
    expect(a2.lastSeq('inst')).toBe(7);
    expect(a2.newestTs()).toBe(T0 + 5000);
    a2.writeBatch([netSample(T0 + 10_000, 15_000)], 'inst', 8);
    expect(a2.latest()?.values['net.eth0.rx_bps']).toBe(2000);
    expect(p.size).toBe(2);
    expect(p.opens).toBe(4);
  });

  it('follows a capacity that changes (it is read on every open)', () => {
    let cap = 3;
    const p = pool(() => cap);
    for (const h of ['a', 'b', 'c']) p.get(id(h));
    expect(p.size).toBe(3);
    cap = 1;
    p.get(id('d'));
    expect(p.size).toBe(1);
    expect(p.openHosts().map(([h]) => h)).toEqual(['d']);
    cap = 0; // at least one file stays open
    p.get(id('e'));
    expect(p.size).toBe(1);
  });

  it('evict closes a file without upkeep; closeAll closes every file', () => {
    const p = pool(4);
    let retires = 0;
    p.onRetire = () => retires++;
    const a = p.get(id('a'));
    const b = p.get(id('b'));
    p.evict(id('a'));
    p.evict(id('not-open'));
    expect(a.db.open).toBe(false);
    expect(retires).toBe(0);
    expect(p.size).toBe(1);
    p.closeAll();
    expect(b.db.open).toBe(false);
    expect(p.size).toBe(0);
    // Still usable after closeAll.
    expect(p.get(id('b')).db.open).toBe(true);
  });

  it('a file still closes when its upkeep throws', () => {
    const p = pool(1);
    p.onRetire = () => {
      throw new Error('upkeep failed');
    };
    const a = p.get(id('a'));
    expect(() => p.get(id('b'))).toThrow(/upkeep failed/);
    expect(a.db.open).toBe(false);
    expect(p.size).toBe(0);
    expect(p.get(id('a')).db.open).toBe(true);
  });
});
