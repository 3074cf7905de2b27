/** Disk IO per whole device from /proc/diskstats, as monotonic counters. */
import { readFile } from 'node:fs/promises';
import { COUNTER } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Devices skipped: loop, RAM and zram disks, partitions of whole disks, device-mapper internals. */
export const DEFAULT_DEVICE_EXCLUDE = /^(ram\d+|loop\d+|fd\d+|zram\d+|(h|s|v|xv)d[a-z]+\d+|nvme\d+n\d+p\d+|mmcblk\d+p\d+|sr\d+)$/;

/** /proc/diskstats counts sectors of 512 bytes whatever the device's sector size. */
const SECTOR = 512;

export interface DiskStats {
  reads: number;
  read_bytes: number;
  writes: number;
  write_bytes: number;
  io_time_ms: number;
}

export function parseDiskstats(text: string): Record<string, DiskStats> {
  const out: Record<string, DiskStats> = {};
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    const n = f.map(Number);
    out[f[2]!] = { reads: n[3]!, read_bytes: n[5]! * SECTOR, writes: n[7]!, write_bytes: n[9]! * SECTOR, io_time_ms: n[12]! };
  }
  return out;
}

export function createDiskIoCollector(paths: ProcPaths, exclude: RegExp = DEFAULT_DEVICE_EXCLUDE): Collector {
  return {
    name: 'disk-io',
    cadence: 'fast',
    async collect(into) {
      for (const [dev, s] of Object.entries(parseDiskstats(await readFile(`${paths.proc}/diskstats`, 'utf8')))) {
        if (exclude.test(dev)) continue;
        const name = dev.replace(/\//g, '_');
        into.counter(COUNTER.diskIo(name, 'reads'), s.reads);
        into.counter(COUNTER.diskIo(name, 'read_bytes'), s.read_bytes);
        into.counter(COUNTER.diskIo(name, 'writes'), s.writes);
        into.counter(COUNTER.diskIo(name, 'write_bytes'), s.write_bytes);
        into.counter(COUNTER.diskIo(name, 'io_time_ms'), s.io_time_ms);
      }
    },
  };
}
