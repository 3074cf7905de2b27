/**
 * Delivery of alert notifications: channels, the durable outbox, the delivery worker, the
 * three notifiers and the SSRF guard in front of every request.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, statSync } from 'node:fs';
import type { ChannelInput, ChannelTestResponse, ChannelView } from '@aura/protocol';
import type { Logger } from 'pino';
import type { DeliveryConfig } from '../alerts/config.js';
import type { Db } from '../store/index.js';
import { ChannelStore, toChannelView } from './channels.js';
import { Outbox } from './outbox.js';
import { pagerDutyNotifier } from './pagerduty.js';
import { sendRequest } from './send.js';
import { slackNotifier } from './slack.js';
import { createGuardedAgent, targetPolicy, type AllowTargets } from './ssrf.js';
import type { Notification, Notifier, StoredChannel } from './types.js';
import { webhookNotifier } from './webhook.js';
import { DeliveryWorker } from './worker.js';

export { ChannelConflict, ChannelStore, redactUrl } from './channels.js';
export { Outbox, type EnqueueItem } from './outbox.js';
export { allowTargetsSchema, refusal, resolveChecked, targetPolicy, TargetRefused, type AllowTargets, type TargetPolicy } from './ssrf.js';
export type { AlertChange, Notification, NotifiedAlert, StoredChannel } from './types.js';

export const NOTIFIERS: Record<StoredChannel['type'], Notifier> = { slack: slackNotifier, pagerduty: pagerDutyNotifier, webhook: webhookNotifier };

export interface NotifyOptions {
  db: Db;
  delivery: DeliveryConfig;
  allowPrivateTargets: AllowTargets;
  /** The config file's channels (kept in step at start). */
  channels: readonly ChannelInput[];
  dashboardUrl: () => string;
  log: Logger;
  now?: () => number;
}

export interface Notify {
  channels: ChannelStore;
  outbox: Outbox;
  worker: DeliveryWorker;
  view(ch: StoredChannel): ChannelView;
  /** Send a test message now (not through the outbox), logged with the channel's deliveries. */
  test(ch: StoredChannel): Promise<ChannelTestResponse>;
  close(): Promise<void>;
}

/** Channel secrets are stored in `aura.db` in clear (delivery needs them): only the server's user may read it. */
function restrictCatalog(file: string, log: Logger): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
    } catch (err) {
      log.warn({ file: f, err: (err as Error).message }, 'cannot restrict the permissions of the catalog holding channel secrets');
    }
  }
}

export function createNotify(o: NotifyOptions): Notify {
  const now = o.now ?? Date.now;
  if (o.db.name && o.db.name !== ':memory:') restrictCatalog(o.db.name, o.log);
  const channels = new ChannelStore(o.db, now);
  const sync = channels.syncFromConfig(o.channels);
  if (sync.added.length || sync.updated.length || sync.removed.length) o.log.info(sync, 'channels from the config file applied');
  const outbox = new Outbox(o.db);
  const policy = targetPolicy(o.allowPrivateTargets);
  const dispatcher = createGuardedAgent(policy, { connectTimeoutMs: o.delivery.timeout });
  const worker = new DeliveryWorker({ outbox, channels, notifiers: NOTIFIERS, dispatcher, policy, config: o.delivery, log: o.log, now });
  worker.start();
  const pruner = setInterval(() => {
    try {
      outbox.prune(now() - 14 * 86_400_000);
    } catch (err) {
      o.log.warn({ err: (err as Error).message }, 'pruning old deliveries failed; will retry');
    }
  }, 3_600_000);
  pruner.unref();

  return {
    channels,
    outbox,
    worker,
    view: (ch) => toChannelView(ch, { ...worker.status(ch.id), outbox: outbox.counts(ch.id), lastDelivery: outbox.lastDelivery(ch.id) }),
    async test(ch) {
      const key = `test-${randomUUID()}`;
      const n: Notification = { version: 1, type: 'test', idempotencyKey: key, groupKey: 'test', host: null, status: 'firing', alerts: [], firingCount: 0, eventTime: null, createdAt: now() / 1000, dashboardUrl: o.dashboardUrl() };
      const send = async (msg: Notification, event: string) => {
        const r = await sendRequest(NOTIFIERS[ch.type].render(msg, ch, now()), { dispatcher, policy, timeoutMs: o.delivery.timeout, now });
        outbox.log({ outboxId: null, channelId: ch.id, ts: now(), attempt: 1, status: r.status, ok: r.ok, error: r.error, durationMs: r.durationMs, key, event });
        return r;
      };
      let r = await send(n, 'test');
      // PagerDuty: resolve the test alert right away so it does not stay open.
      if (r.ok && ch.type === 'pagerduty') r = await send({ ...n, status: 'resolved' }, 'test-resolve');
      return { delivered: r.ok, status: r.status, error: r.error, durationMs: Math.round(r.durationMs * 10) / 10 };
    },
    async close() {
      clearInterval(pruner);
      await worker.stop();
      await dispatcher.close().catch(() => undefined);
    },
  };
}
