/** `/api/v1/alerts`: list (by state, host, kind), one alert with its history, acknowledge. */
import { ALERT_STATES, ackRequestSchema, alertsQuerySchema, type AlertResponse, type AlertsResponse } from '@aura/protocol';
import { Hono } from 'hono';
import { AlertConflict, AlertNotFound, type Alerting } from '../../alerts/index.js';
import { HttpError, badRequest } from '../../middleware/errors/index.js';
import { limitBody, numericId, readBody } from './body.js';


export interface AlertsRouteDeps {
  alerting: Alerting;
  now: () => number;
}

export function createAlertsRoute(deps: AlertsRouteDeps): Hono {
  const app = new Hono();
  const { store, engine } = deps.alerting;
  const eventNow = () => deps.alerting.now() ?? deps.now();

  app.get('/', (c) => {
    const q = alertsQuerySchema.safeParse(c.req.query());
    if (!q.success) throw badRequest(q.error, 'query');
    const states = q.data.state?.length ? q.data.state : ALERT_STATES.filter((s) => s !== 'resolved');
    const now = eventNow();
    const rows = store.list({ states, host: q.data.host, kind: q.data.kind, limit: q.data.limit });
    const fleet = deps.alerting.now();
    const body: AlertsResponse = { alerts: rows.map((r) => engine.view(r, now)), now: fleet === null ? null : fleet / 1000 };
    return c.json(body);
  });

  app.get('/:id', (c) => {
    const id = numericId(c.req.param('id'), 'alert');
    const row = store.get(id);
    if (!row) throw new HttpError(404, 'not_found', `no alert with id ${id}`);
    const body: AlertResponse = { alert: engine.view(row, eventNow()), history: store.history(id) };
    return c.json(body);
  });

  app.post('/:id/ack', limitBody, async (c) => {
    const id = numericId(c.req.param('id'), 'alert');
    const body = await readBody(c, ackRequestSchema);
    try {
      const row = engine.ack(id, body.by, body.comment);
      return c.json({ alert: engine.view(row, eventNow()) });
    } catch (err) {
      if (err instanceof AlertNotFound) throw new HttpError(404, 'not_found', err.message);
      if (err instanceof AlertConflict) throw new HttpError(409, 'conflict', err.message);
      throw err;
    }
  });

  return app;
}
