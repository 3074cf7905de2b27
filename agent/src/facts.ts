/**
 * The host inventory sent in hello: read once at start-up (systeminformation may spawn helper
 * processes here, which is fine once; never on the sampling path).
 */
import { readFile } from 'node:fs/promises';
import { arch, cpus, hostname, release, totalmem } from 'node:os';
import type { HostFacts } from '@aura/protocol';
import si from 'systeminformation';
import { parseMounts } from './collectors/filesystems.js';
import { parseUptime } from './collectors/uptime.js';
import type { ProcPaths } from './collectors/types.js';

async function machineId(): Promise<string> {
  for (const p of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    const id = (await readFile(p, 'utf8').catch(() => '')).trim();
    if (id) return id;
  }
  // No machine id (minimal containers): the hostname is the best stable identity left.
  return `host-${hostname()}`;
}

const clip = (s: string, n = 250) => (s.length > n ? s.slice(0, n) : s);

export async function readHostFacts(paths: ProcPaths, hostIdOverride?: string): Promise<HostFacts> {
  const [os, cpu, ifaces, uptime, mountsText] = await Promise.all([
    si.osInfo().catch(() => undefined),
    si.cpu().catch(() => undefined),
    si.networkInterfaces().catch(() => []),
    readFile(`${paths.proc}/uptime`, 'utf8').then(parseUptime).catch(() => 0),
    readFile(`${paths.proc}/self/mounts`, 'utf8').catch(() => ''),
  ]);
  const list = Array.isArray(ifaces) ? ifaces : [ifaces];
  const facts: HostFacts = {
    hostname: clip(hostname() || 'unknown', 255),
    machineId: clip(await machineId(), 128),
    os: { platform: process.platform, distro: clip(os?.distro ?? 'unknown'), release: clip(os?.release ?? '') },
    kernel: clip(os?.kernel ?? release()),
    arch: arch(),
    cpu: {
      model: clip(cpu ? `${cpu.manufacturer} ${cpu.brand}`.trim() : (cpus()[0]?.model ?? 'unknown')),
      cores: Math.max(1, cpu?.cores ?? cpus().length),
      ...(cpu?.physicalCores ? { physicalCores: cpu.physicalCores } : {}),
    },
    memoryBytes: totalmem(),
    bootTime: Math.round(Date.now() / 1000 - uptime),
    filesystems: parseMounts(mountsText).slice(0, 1024).map((m) => ({ mount: clip(m.mount, 512), fstype: clip(m.fstype, 64), device: clip(m.device, 512), sizeBytes: 0 })),
    interfaces: list.slice(0, 1024).map((i) => ({
      name: clip(i.iface, 64),
      ...(i.mac ? { mac: clip(i.mac, 64) } : {}),
      speedMbps: typeof i.speed === 'number' && i.speed > 0 ? i.speed : null,
      addresses: [i.ip4, i.ip6].filter((a): a is string => Boolean(a)).map((a) => clip(a, 64)),
      virtual: Boolean(i.virtual),
    })),
  };
  if (hostIdOverride) facts.hostId = hostIdOverride as HostFacts['hostId'];
  return facts;
}
