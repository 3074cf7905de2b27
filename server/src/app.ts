/** Composes the HTTP app: health, the authenticated API under /api/v1, JSON 404s and errors. */
import type { HostId } from '@aura/protocol';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { RunningAnalysis } from './analysis/index.js';
import type { Alerting } from './alerts/index.js';
import type { ServerEvents } from './events.js';
import { createAuth, type AuthVariables } from './middleware/auth/index.js';
import { HttpError, sendError } from './middleware/errors/index.js';
import type { RateLimiter } from './middleware/rate-limit/index.js';
import { createMetricsRoute, type MetricsRegistry } from './metrics/index.js';
import { createAnalysisRoute } from './routes/analysis/index.js';
import { createExportRoute } from './routes/export/index.js';
import { createFleetRoute } from './routes/fleet/index.js';
import { createHealthRoute } from './routes/health/index.js';
import { createHostsRoute } from './routes/hosts/index.js';
import { createInstallRoute } from './routes/install/index.js';
import { createStaticRoute } from './routes/static/index.js';
import { createAlertsRoute } from './routes/alerts/index.js';
import { createChannelsRoute } from './routes/channels/index.js';
import { createSilencesRoute } from './routes/silences/index.js';
import type { AllowTargets } from './notify/index.js';
import type { Catalog, HostPool } from './store/index.js';

export interface AppDeps {
  events: ServerEvents;
  analysis: RunningAnalysis | undefined;
  catalog: Catalog;
  pool: HostPool;
  dataDir: string;
  log: Logger;
  perToken: RateLimiter;
  perAddress: RateLimiter;
  isConnected: (id: HostId) => boolean;
  now: () => number;
  /** Prometheus exposition; subsystems register their collectors on it. */
  metrics: MetricsRegistry;
  metricsPublic: boolean;
  publicUrl?: string | undefined;
  agentDir?: string | undefined;
  alerting: Alerting;
  allowPrivateTargets: AllowTargets;
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.route('/', createHealthRoute(deps));
  app.route('/', createInstallRoute(deps));
  app.route('/', createMetricsRoute({ metrics: deps.metrics, public: deps.metricsPublic, auth: createAuth(deps) }));
  app.route('/', createStaticRoute());

  const api = new Hono<{ Variables: AuthVariables }>();
  api.use('*', createAuth(deps));
  api.route('/hosts', createHostsRoute(deps));
  api.route('/hosts', createAnalysisRoute(deps));
  api.route('/export.csv', createExportRoute(deps));
  api.route('/fleet', createFleetRoute(deps));
  api.route('/alerts', createAlertsRoute(deps));
  api.route('/silences', createSilencesRoute(deps));
  api.route('/channels', createChannelsRoute(deps));
  app.route('/api/v1', api);

  app.notFound((c) => sendError(c, new HttpError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`)));
  app.onError((err, c) => {
    if (err instanceof HttpError) return sendError(c, err);
    deps.log.error({ err: err.stack, path: c.req.path }, 'unhandled error in request');
    return sendError(c, new HttpError(500, 'internal_error', 'unexpected server error; see the server log'));
  });
  return app;
}
