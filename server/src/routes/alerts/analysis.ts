/**
 * `GET /api/v1/hosts/:id/analysis` while no analysis pipeline runs: the newest decision the
 * council made from the samples alone, with its votes. The pipeline's own route replaces this.
 */
import { hostIdSchema, type AnalysisResponse } from '@aura/protocol';
import { Hono } from 'hono';
import type { Alerting } from '../../alerts/index.js';
import { HttpError, badRequest } from '../../middleware/errors/index.js';
import type { Catalog } from '../../store/index.js';

export function createAnalysisRoute(deps: { alerting: Alerting; catalog: Catalog }): Hono {
  const app = new Hono();
  app.get('/:id/analysis', (c) => {
    const id = hostIdSchema.safeParse(c.req.param('id'));
    if (!id.success) throw badRequest(id.error, 'path');
    if (!deps.catalog.host(id.data)) throw new HttpError(404, 'not_found', `no host with id "${id.data}"`);
    const analysis = deps.alerting.feed.latest(id.data) ?? null;
    const missing = ['topology: no analysis pipeline in this build', 'forecasts: no analysis pipeline in this build', 'prediction: no analysis pipeline in this build'];
    if (!analysis) missing.unshift('council: no full minute of samples since the server started');
    const body: AnalysisResponse = { analysis, missing };
    return c.json(body);
  });
  return app;
}
