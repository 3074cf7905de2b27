/**
 * `/api/v1/channels`: list, create, show, change, remove, test, and each channel's delivery
 * log. Channels from the config file are listed but changed only there. Secrets never leave.
 */
import { channelInputSchema, channelPatchSchema, type ChannelCreatedResponse, type ChannelsResponse } from '@aura/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Alerting } from '../../alerts/index.js';
import { HttpError, badRequest } from '../../middleware/errors/index.js';
import { ChannelConflict, resolveChecked, targetPolicy, TargetRefused, type AllowTargets, type StoredChannel } from '../../notify/index.js';
import { limitBody, readBody } from '../alerts/body.js';

export interface ChannelsRouteDeps {
  alerting: Alerting;
  allowPrivateTargets: AllowTargets;
}

const deliveriesQuery = z.object({ limit: z.coerce.number().int('limit is a whole number like 50').min(1).max(1000).default(100) }).strict();

export function createChannelsRoute(deps: ChannelsRouteDeps): Hono {
  const app = new Hono();
  const { notify } = deps.alerting;
  const policy = targetPolicy(deps.allowPrivateTargets);

  const find = (id: string): StoredChannel => {
    const ch = notify.channels.get(id);
    if (!ch) throw new HttpError(404, 'not_found', `no channel with id or name "${id}"`);
    return ch;
  };
  /** Refuse a URL the guard would refuse at delivery (a name that does not resolve now is let through: it is checked again then). */
  const checkUrl = async (url: string | undefined, field = 'url') => {
    if (!url) return;
    try {
      await resolveChecked(new URL(url).hostname, policy);
    } catch (err) {
      if (err instanceof TargetRefused) throw new HttpError(400, 'bad_request', `body ${field}: ${err.message}`, field);
    }
  };
  const conflict = (err: unknown): never => {
    if (err instanceof ChannelConflict) throw new HttpError(409, 'conflict', err.message);
    throw err;
  };

  app.get('/', (c) => {
    const body: ChannelsResponse = { channels: notify.channels.list().map((ch) => notify.view(ch)) };
    return c.json(body);
  });

  app.post('/', limitBody, async (c) => {
    const input = await readBody(c, channelInputSchema);
    await checkUrl(input.url);
    try {
      const { channel, generatedSecret } = notify.channels.create(input, 'api');
      const body: ChannelCreatedResponse = { channel: notify.view(channel), ...(generatedSecret ? { generatedSecret } : {}) };
      return c.json(body, 201);
    } catch (err) {
      return conflict(err);
    }
  });

  app.get('/:id', (c) => c.json({ channel: notify.view(find(c.req.param('id'))) }));

  app.patch('/:id', limitBody, async (c) => {
    const ch = find(c.req.param('id'));
    const patch = await readBody(c, channelPatchSchema);
    await checkUrl(patch.url);
    try {
      return c.json({ channel: notify.view(notify.channels.update(ch.id, patch)) });
    } catch (err) {
      return conflict(err);
    }
  });

  app.delete('/:id', (c) => {
    const ch = find(c.req.param('id'));
    try {
      notify.channels.remove(ch.id);
    } catch (err) {
      conflict(err);
    }
    return c.body(null, 204);
  });

  app.post('/:id/test', async (c) => c.json(await notify.test(find(c.req.param('id')))));

  app.get('/:id/deliveries', (c) => {
    const ch = find(c.req.param('id'));
    const q = deliveriesQuery.safeParse(c.req.query());
    if (!q.success) throw badRequest(q.error, 'query');
    return c.json({ deliveries: notify.outbox.deliveries(ch.id, q.data.limit) });
  });

  return app;
}
