/** Starting and stopping a server: store, ingest, HTTP, upkeep. `aura serve` and the tests use this. */
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { HostId } from '@aura/protocol';
import type { Logger } from 'pino';
import { startAnalysis, type RunningAnalysis } from './analysis/index.js';
import { registerAnalysisCollectors } from './analysis/metrics.js';
import { createAlerting, type Alerting } from './alerts/index.js';
import { createApp } from './app.js';
import type { ServerConfig } from './config/index.js';
import { ServerEvents } from './events.js';
import { AgentIngest } from './ingest/index.js';
import { RateLimiter } from './middleware/rate-limit/index.js';
import { createStreamHub } from './routes/stream/index.js';
import { createMetricsRegistry, registerServerCollectors, type MetricsRegistry } from './metrics/index.js';
import { installVersion } from './routes/install/index.js';
import { Catalog, HostPool, maintainHost, type HostDb, type TokenKind } from './store/index.js';

export interface RunningServer {
  url: string;
  port: number;
  catalog: Catalog;
  pool: HostPool;
  ingest: AgentIngest;
  /** The internal event bus (samples committed, hosts connecting, analyses, alerts). */
  events: ServerEvents;
  /** Per-host analysis in worker threads (undefined when disabled in the configuration). */
  analysis: RunningAnalysis | undefined;
  /** The /metrics registry: subsystems add collectors with metrics.register(name, collect). */
  metrics: MetricsRegistry;
  /** Council, alert engine and notification delivery. */
  alerting: Alerting;
  /** Tokens generated on this start (printed once; only their hashes are stored). */
  generatedTokens: Partial<Record<TokenKind, string>>;
  close(): Promise<void>;
}

/** Upkeep runs this often and for at most this long, so ingest is never held up for longer. */
const UPKEEP_EVERY_MS = 1000;
const UPKEEP_BUDGET_MS = 25;

function ensureTokens(catalog: Catalog, config: ServerConfig): Partial<Record<TokenKind, string>> {
  const generated: Partial<Record<TokenKind, string>> = {};
  for (const [kind, given] of [['agent', config.agentToken], ['api', config.apiToken]] as const) {
    if (given) catalog.ensureToken(kind, `${kind} token from configuration`, given);
    else if (catalog.activeTokenCount(kind) === 0) generated[kind] = catalog.createToken(kind, `${kind} token generated on first start`).token;
  }
  return generated;
}

export async function startServer(config: ServerConfig, log: Logger): Promise<RunningServer> {
  const dataDir = resolve(config.data);
  mkdirSync(dataDir, { recursive: true });
  const catalog = new Catalog(join(dataDir, 'aura.db'));
  const fdLimit = openFileLimit();
  let ingest: AgentIngest | undefined;
  // Each open host file holds three descriptors (file, -wal, -shm) and each agent one socket;
  // 1024 are kept for everything else. Recomputed as agents come and go.
  const pool = new HostPool(dataDir, () =>
    Math.min(config.store.maxOpenHosts, Math.max(16, Math.floor((fdLimit - 1024 - (ingest?.connectedCount ?? 0)) / 3))),
  );
  if ((fdLimit - 1024) / 4 < config.store.maxOpenHosts) {
    log.warn(
      { maxOpenHosts: config.store.maxOpenHosts, openFileLimit: fdLimit },
      'the open-file limit keeps fewer host files open than configured; raise it (systemd: LimitNOFILE=65536; shell: ulimit -n 65536) for large fleets',
    );
  }
  const generatedTokens = ensureTokens(catalog, config);
  const perAddress = new RateLimiter(config.rateLimit.perAddress);
  const perToken = new RateLimiter(config.rateLimit.perToken);
  ingest = new AgentIngest({
    catalog,
    pool,
    log,
    perAddress,
    config: {
      intervalMs: config.agents.interval,
      helloTimeoutMs: config.agents.helloTimeout,
      maxFutureSkewMs: config.agents.maxFutureSkew,
      maxFrameBytes: config.agents.maxFrameBytes,
    },
  });
  const events = new ServerEvents();
  ingest.on('connected', (id) => events.emit('host.connected', id));
  ingest.on('disconnected', (id) => events.emit('host.disconnected', id));
  ingest.on('committed', (id, result) => events.emit('samples.committed', id, result));
  const host = config.bind === '0.0.0.0' || config.bind === '::' ? '127.0.0.1' : config.bind;
  let url = config.publicUrl ?? `http://${host}:${config.port}`;
  const a = config.analysis;
  // With analysis on, the pipeline asks the council for each window it analyses; without it the
  // council decides from the samples alone (standalone).
  const alerting = createAlerting({
    events,
    catalog,
    pool,
    log,
    alerting: config.alerting,
    channels: config.channels,
    allowPrivateTargets: config.allowPrivateTargets,
    dashboardUrl: () => url,
    standalone: !a.enabled,
  });
  const analysis = a.enabled
    ? startAnalysis(
        { hosts: pool, catalog, events, log, decide: (_id, analysis) => alerting.feed.decide(analysis) },
        {
          workers: a.workers,
          queue: a.queue,
          stepMs: a.step,
          windowMs: a.window,
          maxPoints: a.maxPoints,
          batch: a.batch,
          persistEvery: 10,
          ...(a.model ? { modelPath: a.model === 'none' ? null : resolve(a.model) } : {}),
        },
      )
    : undefined;
  const metrics = createMetricsRegistry({ version: installVersion() });
  registerServerCollectors(metrics, { ingest, pool, catalog, events, dataDir, maxHosts: config.metrics.maxHosts });
  if (analysis) registerAnalysisCollectors(metrics, analysis);
  const app = createApp({
    events,
    analysis,
    catalog,
    pool,
    dataDir,
    log,
    perToken,
    perAddress,
    isConnected: (id: HostId) => ingest.isConnected(id),
    now: Date.now,
    metrics,
    metricsPublic: config.metrics.public,
    publicUrl: config.publicUrl,
    agentDir: config.agentDir,
    alerting,
    allowPrivateTargets: config.allowPrivateTargets,
  });

  const server: ServerType = await new Promise((ok, fail) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.bind }, () => ok(s));
    s.once('error', fail);
  });
  const stream = createStreamHub({ events, catalog, perAddress, log, now: Date.now, isConnected: (id: HostId) => ingest.isConnected(id) });
  server.on('upgrade', (req, socket, head) => {
    if (!ingest.handleUpgrade(req, socket, head) && !stream.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  const upkeep = startUpkeep(catalog, pool, config, log);
  const port = (server.address() as AddressInfo).port;
  url = config.publicUrl ?? `http://${host}:${port}`;
  log.info({ url, data: dataDir }, 'AURA server listening');

  let closed = false;
  return {
    url,
    port,
    catalog,
    pool,
    ingest,
    events,
    analysis,
    metrics,
    alerting,
    generatedTokens,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(upkeep);
      ingest.close();
      stream.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      await analysis?.close();
      await alerting.close();
      catalog.close();
      pool.closeAll();
      log.info('AURA server stopped');
    },
  };
}

/** The process's soft limit on open files (Linux; elsewhere assume plenty). */
function openFileLimit(): number {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return !m || m[1] === 'unlimited' ? 1 << 30 : Number(m[1]);
  } catch {
    return 1 << 30;
  }
}

/**
 * Upkeep of open host files (the active ones), round-robin, a bounded slice of time per tick.
 * A file leaving the LRU is finished first, so upkeep never has to reopen files itself.
 */
function startUpkeep(catalog: Catalog, pool: HostPool, config: ServerConfig, log: Logger): NodeJS.Timeout {
  const retention = { rawMs: config.retention.raw, minuteMs: config.retention.minute, hourMs: config.retention.hour };
  pool.onRetire = (db) => {
    for (let i = 0; i < 100 && maintainHost(db, retention); i++);
  };
  let pending: Array<[string, HostDb]> = [];
  return setInterval(() => {
    try {
      catalog.flushLastSeen();
      const start = performance.now();
      if (pending.length === 0) pending = [...pool.openHosts()];
      while (pending.length > 0 && performance.now() - start < UPKEEP_BUDGET_MS) {
        const [, db] = pending.pop()!;
        if (db.db.open) maintainHost(db, retention);
      }
    } catch (err) {
      log.error({ err: (err as Error).message }, 'upkeep failed; will retry');
    }
  }, UPKEEP_EVERY_MS);
}
