/** Prometheus exposition: the registry subsystems register their collectors on, and the route. */
export { counterFrom, createMetricsRegistry, gaugeFrom, type CollectFn, type MetricsRegistry, type MetricsRegistryOptions } from './registry.js';
export { HOST_DEVICE_FAMILIES, HOST_SCALARS, HostSeries, MAX_DEVICES, pickHostValues } from './host-series.js';
export { registerServerCollectors, type ServerCollectorDeps } from './server-collectors.js';
export { createMetricsRoute, type MetricsRouteDeps } from './route.js';
