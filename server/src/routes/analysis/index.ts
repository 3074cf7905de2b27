/** `/api/v1/hosts/:id/analysis` (the latest window's analysis) and `/hosts/:id/topology` (its history). */
import { MAX_POINTS, hostIdSchema, topologyQuerySchema, type AnalysisResponse, type HostId } from '@aura/protocol';
import { Hono } from 'hono';
import type { Alerting } from '../../alerts/index.js';
import type { RunningAnalysis } from '../../analysis/index.js';
import { HttpError, badRequest } from '../../middleware/errors/index.js';
import { loadAnalysis, queryTopology, type Catalog, type HostPool } from '../../store/index.js';

export interface AnalysisRouteDeps {
  catalog: Catalog;
  pool: HostPool;
  analysis: RunningAnalysis | undefined;
  /** Without analysis, the council decides from the samples alone: its newest decision is served. */
  alerting?: Alerting;
  now: () => number;
}

const DAY_MS = 86_400_000;

export function createAnalysisRoute(deps: AnalysisRouteDeps): Hono {
  const app = new Hono();

  const hostOf = (raw: string): HostId => {
    const id = hostIdSchema.safeParse(raw);
    if (!id.success) throw badRequest(id.error, 'path');
    if (!deps.catalog.host(id.data)) throw new HttpError(404, 'not_found', `no host with id "${id.data}"`);
    return id.data;
  };

  app.get('/:id/analysis', (c) => {
    const id = hostOf(c.req.param('id'));
    if (!deps.analysis) {
      const latest = deps.alerting?.feed.latest(id) ?? loadAnalysis(deps.pool.get(id)).latest;
      return c.json({ analysis: latest, missing: ['topology, forecasts and prediction: analysis is disabled in the configuration (analysis.enabled)'] } satisfies AnalysisResponse);
    }
    return c.json(deps.analysis.scheduler.latest(id) satisfies AnalysisResponse);
  });

  app.get('/:id/topology', (c) => {
    const id = hostOf(c.req.param('id'));
    const q = topologyQuerySchema.safeParse(c.req.query());
    if (!q.success) throw badRequest(q.error, 'query');
    const toMs = q.data.to ?? deps.now();
    const fromMs = q.data.from ?? toMs - DAY_MS;
    if (fromMs > toMs) throw new HttpError(400, 'bad_request', 'query from: must not be after "to"', 'from');
    return c.json(queryTopology(deps.pool.get(id), fromMs, toMs, MAX_POINTS));
  });

  return app;
}
