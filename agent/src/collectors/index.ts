/** Every collector the agent runs, in one list: the collectors folder's only public door. */
import { createConnectionsCollector } from './connections.js';
import { createCpuCollector } from './cpu.js';
import { createDiskIoCollector } from './disk-io.js';
import { createFilesystemsCollector } from './filesystems.js';
import { createLoadCollector } from './load.js';
import { createMemoryCollector } from './memory.js';
import { createNetworkCollector } from './network.js';
import { createProcessesCollector } from './processes.js';
import { createTcpCollector } from './tcp.js';
import { createTemperatureCollector } from './temperature.js';
import type { Collector, ProcPaths } from './types.js';
import { createUptimeCollector } from './uptime.js';

export type { Cadence, Collector, ProcPaths, SampleBuilder } from './types.js';
export { readProcStat } from './cpu.js';
export { parseMounts, statMount } from './filesystems.js';

/** Cheap collectors first: a slow one cannot delay the readings that define the tick. */
export function createCollectors(paths: ProcPaths): Collector[] {
  return [
    createCpuCollector(paths),
    createLoadCollector(paths),
    createMemoryCollector(paths),
    createNetworkCollector(paths),
    createDiskIoCollector(paths),
    createTcpCollector(paths),
    createProcessesCollector(paths),
    createUptimeCollector(paths),
    createTemperatureCollector(paths),
    createFilesystemsCollector(paths),
    createConnectionsCollector(paths),
  ];
}
