/** `/api/v1/hosts`, `/hosts/:id` and `/hosts/:id/metrics`. */
import { MAX_POINTS, hostIdSchema, metricsQuerySchema, type HostFacts, type HostId, type HostsResponse } from '@aura/protocol';
import { Hono } from 'hono';
import { HttpError, badRequest } from '../../middleware/errors/index.js';
import type { Catalog, HostPool, HostRow } from '../../store/index.js';
import { queryRange } from '../../store/index.js';
import { toHostSummary } from './summary.js';

export interface HostsDeps {
  catalog: Catalog;
  pool: HostPool;
  isConnected: (id: HostId) => boolean;
  now: () => number;
}

/** Points an automatic step aims for: enough for a wide chart, small enough to be fast. */
const AUTO_POINTS = 1000;
const NICE_STEPS_MS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map((s) => s * 1000);

function autoStep(rangeMs: number, intervalMs: number): number {
  const want = Math.max(intervalMs, rangeMs / AUTO_POINTS);
  return NICE_STEPS_MS.find((s) => s >= want) ?? Math.ceil(want / 86_400_000) * 86_400_000;
}

export function createHostsRoute(deps: HostsDeps): Hono {
  const app = new Hono();

  const findHost = (raw: string): HostRow => {
    const id = hostIdSchema.safeParse(raw);
    if (!id.success) throw badRequest(id.error, 'path');
    const row = deps.catalog.host(id.data);
    if (!row) throw new HttpError(404, 'not_found', `no host with id "${id.data}"`);
    return row;
  };

  app.get('/', (c) => {
    const body: HostsResponse = {
      hosts: deps.catalog.hosts().map((r) => toHostSummary(r, deps.catalog.lastSeenOf(r), deps.isConnected(r.id))),
    };
    return c.json(body);
  });

  app.get('/:id', (c) => {
    const row = findHost(c.req.param('id'));
    const latest = deps.pool.get(row.id).latest();
    return c.json({
      host: {
        ...toHostSummary(row, deps.catalog.lastSeenOf(row), deps.isConnected(row.id)),
        facts: JSON.parse(row.facts) as HostFacts,
        latest: latest ? { ts: latest.ts / 1000, values: latest.values } : null,
      },
    });
  });

  app.get('/:id/metrics', (c) => {
    const row = findHost(c.req.param('id'));
    const q = metricsQuerySchema.safeParse(c.req.query());
    if (!q.success) throw badRequest(q.error, 'query');
    const toMs = q.data.to ?? deps.now();
    const fromMs = q.data.from ?? toMs - 3_600_000;
    if (fromMs > toMs) throw new HttpError(400, 'bad_request', 'query from: must not be after "to"', 'from');
    const stepMs = q.data.step ?? autoStep(toMs - fromMs, row.interval_ms);
    if (stepMs < 1000) throw new HttpError(400, 'bad_request', 'query step: must be at least 1s', 'step');
    const points = Math.floor((toMs - fromMs) / stepMs) + 1;
    if (points > MAX_POINTS) {
      throw new HttpError(400, 'bad_request', `query step: the range at this step gives ${points} points, more than ${MAX_POINTS}; use a larger step`, 'step');
    }
    const result = queryRange(deps.pool.get(row.id), { fromMs, toMs, stepMs, metrics: q.data.metrics, agg: q.data.agg });
    return c.json(result);
  });

  return app;
}
