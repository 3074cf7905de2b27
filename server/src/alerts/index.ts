/**
 * Alerting: the council fed from ingest, the alert engine on the fleet's event time, and
 * delivery through the outbox. `createAlerting` wires them to the server's event bus; the
 * analysis pipeline calls `alerting.feed.decide(analysis)` for each window it analyses.
 */
import type { AlertView, ChannelInput, HostAnalysis } from '@aura/protocol';
import type { Logger } from 'pino';
import { createCouncil, type Council } from '../council/index.js';
import type { ServerEvents } from '../events.js';
import { createNotify, type AllowTargets, type Notify } from '../notify/index.js';
import type { Catalog, HostPool } from '../store/index.js';
import { councilOptionsFrom, type AlertingConfig } from './config.js';
import { AlertEngine } from './engine.js';
import { CouncilFeed } from './feed.js';
import { SilenceStore } from './silences.js';
import { AlertStore } from './store.js';

export { alertingConfigSchema, DEFAULT_ALERTING, type AlertingConfig } from './config.js';
export { AlertConflict, AlertEngine, AlertNotFound } from './engine.js';
export { CouncilFeed } from './feed.js';
export { matchesAll } from './matchers.js';
export { SilenceStore, silenceState, toSilenceView, type Silence } from './silences.js';
export { AlertStore, type AlertRow } from './store.js';

/** The engine looks at the fleet at most once per this much event time (sweeps, flushes). */
const TICK_MS = 1000;

export interface AlertingOptions {
  events: ServerEvents;
  catalog: Catalog;
  pool: HostPool;
  log: Logger;
  alerting: AlertingConfig;
  channels: readonly ChannelInput[];
  allowPrivateTargets: AllowTargets;
  /** Where users open the dashboard (links in notifications); asked each time (the port is known after listen). */
  dashboardUrl: () => string;
  /** Decide without an analysis pipeline (see CouncilFeed). */
  standalone: boolean;
  wallNow?: () => number;
}

export interface Alerting {
  council: Council;
  feed: CouncilFeed;
  engine: AlertEngine;
  notify: Notify;
  store: AlertStore;
  silences: SilenceStore;
  /** The fleet's event-time clock (unix ms), or null before any sample. */
  now(): number | null;
  close(): Promise<void>;
}

export function createAlerting(o: AlertingOptions): Alerting {
  const db = o.catalog.db;
  const council = createCouncil(councilOptionsFrom(o.alerting.council));
  const store = new AlertStore(db);
  const silences = new SilenceStore(db);
  const notify = createNotify({ db, delivery: o.alerting.delivery, allowPrivateTargets: o.allowPrivateTargets, channels: o.channels, dashboardUrl: o.dashboardUrl, log: o.log, ...(o.wallNow ? { now: o.wallNow } : {}) });
  const feed = new CouncilFeed({ events: o.events, catalog: o.catalog, pool: o.pool, council, store, log: o.log, standalone: o.standalone });
  const hostnames = new Map<string, string>();
  const hostname = (id: string) => {
    let h = hostnames.get(id);
    if (h === undefined) hostnames.set(id, (h = o.catalog.host(id)?.hostname ?? id));
    return h;
  };
  o.events.on('host.connected', (id) => hostnames.delete(id));
  const engine = new AlertEngine({
    db,
    store,
    silences,
    channels: notify.channels,
    outbox: notify.outbox,
    config: o.alerting,
    hostname,
    dashboardUrl: o.dashboardUrl,
    log: o.log,
    onChange: (v: AlertView) => o.events.emit('alert.changed', v),
    ...(o.wallNow ? { wallNow: o.wallNow } : {}),
  });
  const onAnalysis = (a: HostAnalysis) => {
    if (!a.council) return;
    try {
      engine.apply(a.hostId, a.council);
    } catch (err) {
      o.log.error({ err: (err as Error).stack, host: a.hostId }, 'applying a council decision failed');
    }
  };
  o.events.on('analysis.done', onAnalysis);

  let lastTick = Number.NEGATIVE_INFINITY;
  let scheduled = false;
  const tick = () => {
    scheduled = false;
    const now = feed.fleet.now();
    if (now === null || now - lastTick < TICK_MS) return;
    lastTick = now;
    try {
      for (const { hostId, decision } of feed.sweep()) engine.apply(hostId, decision, { silentOnly: true });
      engine.tick(now);
    } catch (err) {
      o.log.error({ err: (err as Error).stack }, 'alerting tick failed');
    }
  };
  feed.onSamples = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(tick);
  };
  const start = feed.fleet.now();
  if (start !== null) engine.recover(start);

  return {
    council,
    feed,
    engine,
    notify,
    store,
    silences,
    now: () => feed.fleet.now(),
    async close() {
      o.events.off('analysis.done', onAnalysis);
      feed.close();
      await notify.close();
    },
  };
}
