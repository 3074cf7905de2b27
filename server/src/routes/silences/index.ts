/** `/api/v1/silences`: list, create, show, expire (DELETE). Times are the fleet's event time. */
import { silenceRequestSchema, silencesQuerySchema } from '@aura/protocol';
import { Hono } from 'hono';
import { silenceState, toSilenceView, type Alerting } from '../../alerts/index.js';
import { HttpError, badRequest } from '../../middleware/errors/index.js';
import { limitBody, readBody } from '../alerts/body.js';

export interface SilencesRouteDeps {
  alerting: Alerting;
  now: () => number;
}

/** Longest silence: a year (a longer one is a forgotten one; disable the channel instead). */
const MAX_SILENCE_MS = 366 * 86_400_000;

export function createSilencesRoute(deps: SilencesRouteDeps): Hono {
  const app = new Hono();
  const silences = deps.alerting.silences;
  // Silences are compared with the alerts' event time; before any sample, the wall clock.
  const now = () => deps.alerting.now() ?? deps.now();

  app.get('/', (c) => {
    const q = silencesQuerySchema.safeParse(c.req.query());
    if (!q.success) throw badRequest(q.error, 'query');
    const t = now();
    const list = silences.list().filter((s) => !q.data.state?.length || q.data.state.includes(silenceState(s, t)));
    return c.json({ silences: list.map((s) => toSilenceView(s, t)) });
  });

  app.post('/', limitBody, async (c) => {
    const b = await readBody(c, silenceRequestSchema);
    const t = now();
    const startsAt = b.startsAt ?? t;
    const endsAt = b.endsAt ?? startsAt + b.duration!;
    if (endsAt <= startsAt) throw new HttpError(400, 'bad_request', 'body endsAt: must be after startsAt', 'endsAt');
    if (endsAt <= t) throw new HttpError(400, 'bad_request', `body endsAt: ${new Date(endsAt).toISOString()} is already past (now is ${new Date(t).toISOString()} in event time)`, 'endsAt');
    if (endsAt - startsAt > MAX_SILENCE_MS) throw new HttpError(400, 'bad_request', 'body endsAt: a silence lasts at most 366 days', 'endsAt');
    const s = silences.create({ matchers: b.matchers, startsAt, endsAt, createdBy: b.createdBy, comment: b.comment, createdAt: deps.now() });
    return c.json({ silence: toSilenceView(s, t) }, 201);
  });

  app.get('/:id', (c) => {
    const s = silences.get(c.req.param('id'));
    if (!s) throw new HttpError(404, 'not_found', `no silence with id "${c.req.param('id')}"`);
    return c.json({ silence: toSilenceView(s, now()) });
  });

  app.delete('/:id', (c) => {
    const s = silences.expire(c.req.param('id'), now());
    if (!s) throw new HttpError(404, 'not_found', `no silence with id "${c.req.param('id')}"`);
    return c.json({ silence: toSilenceView(s, now()) });
  });

  return app;
}
