/**
 * A simulated host's fixed facts, drawn from its seed: hardware, workload persona, time zone,
 * limits. Everything the model later varies over time is sized relative to these, so a small VM
 * and a large database server both look like themselves.
 */
import { createRng, mixSeed, pick } from './random.js';

/** What the host mostly does; sets its daily shape, memory profile and IO mix. */
export const PERSONAS = ['web', 'api', 'db', 'jvm', 'cache', 'batch', 'worker'] as const;
export type Persona = (typeof PERSONAS)[number];

export type DeviceKind = 'hdd' | 'ssd' | 'nvme' | 'cloud';

export interface MountFacts {
  mount: string;
  /** Block device under it, as in /proc/diskstats (`sda`, `nvme0n1`, `vdb`). */
  device: string;
  sizeBytes: number;
  inodes: number;
}

export interface DeviceFacts {
  name: string;
  kind: DeviceKind;
  /** Sustained throughput (bytes/s) and operations per second the device can do. */
  maxBps: number;
  maxIops: number;
}

export interface IfaceFacts {
  name: string;
  speedMbps: number;
}

export interface TraceFacts {
  hostId: string;
  seed: number;
  persona: Persona;
  cores: number;
  memoryBytes: number;
  /** 0 when the host has no swap. */
  swapBytes: number;
  /** A VM: reports CPU steal and has no temperature sensor. */
  virtual: boolean;
  /** Offset of the host's users' local time from UTC, hours; its daily peak follows it. */
  tzOffsetHours: number;
  /** Open-file limit of the main service: new connections fail past it. */
  fdLimit: number;
  mounts: MountFacts[];
  devices: DeviceFacts[];
  /** The first interface carries the service's traffic; a second, when present, backups. */
  ifaces: IfaceFacts[];
}

const DEVICE_SPEED: Record<DeviceKind, { bps: number; iops: number }> = {
  hdd: { bps: 160e6, iops: 180 },
  ssd: { bps: 480e6, iops: 40_000 },
  nvme: { bps: 2.4e9, iops: 300_000 },
  cloud: { bps: 250e6, iops: 3000 },
};

const DATA_MOUNT: Record<Persona, string> = {
  web: '/var/log',
  api: '/srv',
  db: '/var/lib/postgresql',
  jvm: '/opt/app',
  cache: '/var/lib/redis',
  batch: '/data',
  worker: '/data',
};

/**
 * Draw a host's facts from its seed (pure).
 * @example drawFacts(7, 'sim-0001').cores // 8
 */
export function drawFacts(seed: number, hostId: string, opts: { persona?: Persona; swap?: boolean } = {}): TraceFacts {
  const rng = createRng(mixSeed(seed, 1));
  const persona = opts.persona ?? pick(rng, PERSONAS);
  const virtual = rng.next() < 0.6;
  const cores = pick(rng, persona === 'db' || persona === 'batch' ? [8, 16, 32] : [2, 4, 8, 16]);
  const memPerCore = pick(rng, persona === 'db' || persona === 'cache' || persona === 'jvm' ? [4, 8] : [2, 4]);
  const memoryBytes = cores * memPerCore * 1024 ** 3;
  // Drawn even when forced, so forcing swap shifts no other draw.
  const drawnSwap = rng.next() < 0.5;
  const hasSwap = opts.swap ?? drawnSwap;
  const swapBytes = hasSwap ? Math.min(8, Math.max(1, memoryBytes / 1024 ** 3 / 4)) * 1024 ** 3 : 0;
  const kind: DeviceKind = virtual ? 'cloud' : pick(rng, ['hdd', 'ssd', 'nvme'] as const);
  const [d0, d1] = deviceNames(kind, virtual);
  const devices = [d0, d1].map((name) => ({ name, kind, maxBps: DEVICE_SPEED[kind].bps * rng.range(0.8, 1.2), maxIops: DEVICE_SPEED[kind].iops }));
  const rootSize = pick(rng, [40, 80, 100, 200]) * 1e9;
  const dataSize = pick(rng, [100, 250, 500, 1000, 2000]) * 1e9;
  const mounts: MountFacts[] = [
    { mount: '/', device: d0, sizeBytes: rootSize, inodes: Math.round(rootSize / 16384) },
    { mount: DATA_MOUNT[persona], device: d1, sizeBytes: dataSize, inodes: Math.round(dataSize / (persona === 'cache' ? 65536 : 16384)) },
  ];
  const link = pick(rng, virtual ? [1000, 5000, 10000] : [1000, 10000, 25000]);
  const ifaces: IfaceFacts[] = [{ name: virtual ? pick(rng, ['eth0', 'ens5']) : pick(rng, ['eth0', 'eno1']), speedMbps: link }];
  if (!virtual || rng.next() < 0.3) ifaces.push({ name: virtual ? 'eth1' : 'eno2', speedMbps: 1000 });
  return {
    hostId,
    seed,
    persona,
    cores,
    memoryBytes,
    swapBytes,
    virtual,
    tzOffsetHours: pick(rng, [-8, -5, 0, 1, 2, 5.5, 8, 9]),
    fdLimit: pick(rng, [4096, 8192, 16384, 65536]),
    mounts,
    devices,
    ifaces,
  };
}

function deviceNames(kind: DeviceKind, virtual: boolean): [string, string] {
  if (virtual) return ['vda', 'vdb'];
  return kind === 'nvme' ? ['nvme0n1', 'nvme1n1'] : ['sda', 'sdb'];
}

