import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeAddress, parseProcNetTcp, parseSnmpTcp, summarizeConnections } from './connections.js';
import { parseProcStat } from './cpu.js';
import { DEFAULT_DEVICE_EXCLUDE, parseDiskstats } from './disk-io.js';
import { parseMounts } from './filesystems.js';
import { parseLoadavg } from './load.js';
import { memoryGauges, parseMeminfo } from './memory.js';
import { parseNetDev } from './network.js';
import { countProcesses, parseUptime } from './uptime.js';

const fixture = (p: string) => readFileSync(new URL(`../../test/fixtures/proc/${p}`, import.meta.url), 'utf8');

describe('parsers on fixtures captured from a real machine', () => {
  it('/proc/stat: machine and per-core ticks', () => {
    const s = parseProcStat(fixture('stat'));
    expect(s.total.user).toBe(145814);
    expect(s.total.steal).toBe(136);
    expect(s.cores.map((c) => c.core)).toEqual([0, 1]);
    expect(s.cores[1]!.ticks.idle).toBe(236050);
    expect(s.procsRunning).toBeGreaterThanOrEqual(0);
  });

  it('/proc/meminfo: bytes and derived percentages', () => {
    const mi = parseMeminfo(fixture('meminfo'));
    expect(mi.MemTotal).toBeGreaterThan(1024 * 1024 * 1024);
    const g = memoryGauges(mi);
    expect(g['mem.used_pct']).toBeGreaterThan(0);
    expect(g['mem.used_pct']).toBeLessThan(100);
    expect(g['mem.available_bytes']).toBe(mi.MemAvailable);
  });

  it('meminfo without MemAvailable falls back to free + buffers + cached', () => {
    const g = memoryGauges(parseMeminfo('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n'));
    expect(g['mem.available_bytes']).toBe(400 * 1024);
    expect(g['mem.used_pct']).toBeCloseTo(60);
  });

  it('/proc/loadavg', () => {
    expect(parseLoadavg('0.50 1.25 2.00 3/456 7890\n')).toEqual({ load1: 0.5, load5: 1.25, load15: 2, threads: 456 });
    expect(() => parseLoadavg('garbage')).toThrow(/loadavg/);
  });

  it('/proc/net/dev: every interface with the eight counters', () => {
    const d = parseNetDev(fixture('net/dev'));
    expect(d.lo!.rx_bytes).toBe(249261832);
    expect(Object.keys(d)).toContain('eth0');
    expect(Object.keys(d.eth0!)).toHaveLength(8);
  });

  it('/proc/diskstats: bytes from 512-byte sectors; loop and zram excluded', () => {
    const d = parseDiskstats(fixture('diskstats'));
    expect(d.vda!.read_bytes).toBe(4936546 * 512);
    expect(d.vda!.io_time_ms).toBe(412924);
    expect(DEFAULT_DEVICE_EXCLUDE.test('loop0')).toBe(true);
    expect(DEFAULT_DEVICE_EXCLUDE.test('zram0')).toBe(true);
    expect(DEFAULT_DEVICE_EXCLUDE.test('sda1')).toBe(true);
    expect(DEFAULT_DEVICE_EXCLUDE.test('nvme0n1p2')).toBe(true);
    expect(DEFAULT_DEVICE_EXCLUDE.test('vda')).toBe(false);
    expect(DEFAULT_DEVICE_EXCLUDE.test('nvme0n1')).toBe(false);
  });

  it('/proc/self/mounts: real filesystems only, escapes decoded, duplicates once', () => {
    const m = parseMounts(fixture('mounts'));
    expect(m.map((x) => x.mount)).toEqual(['/']);
    const extra = parseMounts('/dev/sdb1 /mnt/my\\040data ext4 rw 0 0\n/dev/sdb1 /mnt/my\\040data ext4 rw 0 0\ntmpfs /tmp tmpfs rw 0 0\n');
    expect(extra).toEqual([{ device: '/dev/sdb1', mount: '/mnt/my data', fstype: 'ext4' }]);
  });

  it('/proc/net/tcp: addresses, ports and states', () => {
    const e = parseProcNetTcp(fixture('net/tcp'));
    expect(e.length).toBeGreaterThan(0);
    expect(e[0]).toMatchObject({ local: '0.0.0.0', localPort: 2024, state: 'listen' });
    expect(decodeAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeAddress('0000000000000000FFFF00000100007F')).toBe('127.0.0.1');
    expect(decodeAddress('00000000000000000000000001000000')).toBe('::1');
  });

  it('groups established peers by service port, busiest first', () => {
    const tcp = [
      '  sl  local_address rem_address   st',
      '   0: 00000000:0016 00000000:0000 0A',
      '   1: 0200000A:0016 0500000A:C350 01',
      '   2: 0200000A:0016 0500000A:C351 01',
      '   3: 0200000A:D431 0700000A:1538 01',
      '   4: 0200000A:D432 0700000A:1538 06',
    ].join('\n');
    const { states, summary } = summarizeConnections(parseProcNetTcp(tcp));
    expect(states).toEqual({ listen: 1, established: 3, time_wait: 1 });
    expect(summary.listening).toEqual([22]);
    expect(summary.remotes).toEqual([
      { addr: '10.0.0.5', port: 22, count: 2 },
      { addr: '10.0.0.7', port: 5432, count: 1 },
    ]);
  });

  it('/proc/net/snmp Tcp row', () => {
    const t = parseSnmpTcp(fixture('net/snmp'));
    expect(t.CurrEstab).toBeGreaterThanOrEqual(0);
    expect(t.RetransSegs).toBeGreaterThanOrEqual(0);
  });

  it('/proc/uptime and process count', () => {
    expect(parseUptime(fixture('uptime'))).toBeGreaterThan(0);
    expect(countProcesses(['1', '42', 'self', 'net', '999'])).toBe(3);
  });
});
