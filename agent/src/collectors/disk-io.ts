/** Disk IO per device from /proc/diskstats, as raw counters; partitions only where no whole disk is listed. */
import { readFile } from 'node:fs/promises';
import { COUNTER } from '@aura/protocol';
import type { Collector, ProcPaths } from './types.js';

/** Never real disks: RAM disks, loop and zram devices, floppies, optical drives. */
export const DEFAULT_DEVICE_EXCLUDE = /^(ram|loop|zram|fd|sr)\d+$/;

/** /proc/diskstats counts 512-byte sectors whatever the device's own sector size. */
const SECTOR_BYTES = 512;

export interface DiskStats {
  reads: number;
  read_bytes: number;
  writes: number;
  write_bytes: number;
  io_time_ms: number;
}

/** Parse /proc/diskstats (pure): field 4 reads, 6 sectors read, 8 writes, 10 sectors written, 13 ms doing IO. */
export function parseDiskstats(text: string): Record<string, DiskStats> {
  const out: Record<string, DiskStats> = {};
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14) continue;
    const n = f.map(Number);
    out[f[2]!] = { reads: n[3]!, read_bytes: n[5]! * SECTOR_BYTES, writes: n[7]!, write_bytes: n[9]! * SECTOR_BYTES, io_time_ms: n[12]! };
  }
  return out;
}

/** The whole disk a partition name belongs to by kernel naming (sda1 → sda, nvme0n1p2 → nvme0n1), or undefined. */
export function parentDisk(name: string): string | undefined {
  return (/^((?:nvme\d+n\d+|mmcblk\d+|md\d+|nbd\d+))p\d+$/.exec(name) ?? /^((?:[hsv]|xv)d[a-z]+)\d+$/.exec(name))?.[1];
}

/** Devices worth reporting (pure): like node_exporter's default, but a partition stays when its disk is not listed (some containers). */
export function selectDevices(names: readonly string[], exclude: RegExp = DEFAULT_DEVICE_EXCLUDE): string[] {
  const all = new Set(names);
  return names.filter((d) => {
    if (exclude.test(d)) return false;
    const parent = parentDisk(d);
    return parent === undefined || !all.has(parent);
  });
}

export function createDiskIoCollector(paths: ProcPaths, exclude: RegExp = DEFAULT_DEVICE_EXCLUDE): Collector {
  return {
    name: 'disk-io',
    cadence: 'fast',
    async collect(into) {
      const stats = parseDiskstats(await readFile(`${paths.proc}/diskstats`, 'utf8'));
      for (const dev of selectDevices(Object.keys(stats), exclude)) {
        const s = stats[dev]!;
        // cciss/c0d0 style names: the slash would read as a path in the metric name.
        const name = dev.replace(/\//g, '!');
        into.counter(COUNTER.diskIo(name, 'reads'), s.reads);
        into.counter(COUNTER.diskIo(name, 'read_bytes'), s.read_bytes);
        into.counter(COUNTER.diskIo(name, 'writes'), s.writes);
        into.counter(COUNTER.diskIo(name, 'write_bytes'), s.write_bytes);
        into.counter(COUNTER.diskIo(name, 'io_time_ms'), s.io_time_ms);
      }
    },
  };
}
