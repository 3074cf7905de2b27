import { describe, expect, it } from 'vitest';
import { collectOnce, FIXTURES, fixture } from '../testing.js';
import { createDiskIoCollector, parentDisk, parseDiskstats, selectDevices } from './disk-io.js';

describe('disk-io', () => {
  it('parses the captured /proc/diskstats: 512-byte sectors to bytes', () => {
    const d = parseDiskstats(fixture('proc/diskstats'));
    expect(d.vda).toEqual({ reads: 145410, read_bytes: 5454474 * 512, writes: 2127174, write_bytes: 50501112 * 512, io_time_ms: 477216 });
  });

  it('knows which whole disk a partition belongs to', () => {
    expect(parentDisk('sda1')).toBe('sda');
    expect(parentDisk('xvdb12')).toBe('xvdb');
    expect(parentDisk('nvme0n1p2')).toBe('nvme0n1');
    expect(parentDisk('mmcblk0p1')).toBe('mmcblk0');
    for (const d of ['sda', 'nvme0n1', 'dm-0', 'md127', 'vda']) expect(parentDisk(d), d).toBeUndefined();
  });

  it('keeps whole disks, drops loop/zram/ram and partitions of listed disks, keeps orphan partitions', () => {
    expect(selectDevices(['loop0', 'zram0', 'ram1', 'sr0', 'sda', 'sda1', 'nvme0n1', 'nvme0n1p1', 'dm-0', 'vdb1'])).toEqual(['sda', 'nvme0n1', 'dm-0', 'vdb1']);
  });

  it('emits COUNTER.diskIo counters for real devices only (vda now; vda and the hot-plugged nvme0n1 later)', async () => {
    const now = (await collectOnce(createDiskIoCollector(FIXTURES.now))).counters;
    expect(Object.keys(now).sort()).toEqual(['io_time_ms', 'read_bytes', 'reads', 'write_bytes', 'writes'].map((f) => `diskio.vda.${f}_total`));
    const later = (await collectOnce(createDiskIoCollector(FIXTURES.later))).counters;
    expect(later['diskio.nvme0n1.read_bytes_total']).toBe(72000 * 512);
    expect(Object.keys(later).some((k) => k.includes('nvme0n1p'))).toBe(false);
  });
});
