/** Every collector the agent runs, in one list. */
import { createConnectionsCollector, createTcpCollector } from './connections.js';
import { createCpuCollector } from './cpu.js';
import { createDiskIoCollector } from './disk-io.js';
import { createFilesystemsCollector } from './filesystems.js';
import { createLoadCollector } from './load.js';
import { createMemoryCollector } from './memory.js';
import { createNetworkCollector } from './network.js';
import { createTemperatureCollector } from './temperature.js';
import type { Collector, ProcPaths } from './types.js';
import { createProcessesCollector, createUptimeCollector } from './uptime.js';

export type { Collector, ProcPaths, SampleBuilder } from './types.js';

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
