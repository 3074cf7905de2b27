/**
 * `GET /metrics`: the Prometheus exposition. It needs an API token by default (Prometheus sends it
 * with `authorization: { credentials_file: … }` in its scrape config); `metrics.public: true`
 * serves it without one, for a scraper on a trusted network.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AuthVariables } from '../middleware/auth/index.js';
import type { MetricsRegistry } from './registry.js';

export interface MetricsRouteDeps {
  metrics: MetricsRegistry;
  /** The API's bearer-token middleware; skipped when the exposition is public. */
  auth: MiddlewareHandler<{ Variables: AuthVariables }>;
  public: boolean;
}

export function createMetricsRoute(deps: MetricsRouteDeps): Hono<{ Variables: AuthVariables }> {
  const app = new Hono<{ Variables: AuthVariables }>();
  if (!deps.public) app.use('/metrics', deps.auth);
  app.get('/metrics', async (c) => c.body(await deps.metrics.render(), 200, { 'Content-Type': deps.metrics.contentType }));
  return app;
}
