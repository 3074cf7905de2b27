/**
 * `GET /api/v1/fleet/topology`: who talks to whom, from each host's newest established TCP
 * connections (the agents' slow-cadence `conns`) matched against the fleet's interface addresses.
 * Computed on demand and cached briefly: it reads one row per host file.
 */
import type { ConnSummary, FleetTopologyResponse, HostFacts, HostId } from '@aura/protocol';
import { Hono } from 'hono';
import type { Catalog, HostPool } from '../../store/index.js';

export interface FleetDeps {
  catalog: Catalog;
  pool: HostPool;
  now: () => number;
}

/** Connections change on the agents' slow cadence (tens of seconds), so a 15 s cache loses little. */
const CACHE_MS = 15_000;

/** "10.0.0.5/24" → "10.0.0.5"; IPv4-mapped IPv6 ("::ffff:10.0.0.5") → "10.0.0.5". */
export function bareAddress(a: string): string {
  const noPrefix = a.split('/')[0]!.toLowerCase();
  return noPrefix.startsWith('::ffff:') && noPrefix.includes('.') ? noPrefix.slice(7) : noPrefix;
}

/** Match each host's remotes to the hosts owning those addresses; loopback and unknown peers are counted apart. */
export function buildFleetTopology(hosts: Array<{ id: string; hostname: string; addresses: string[]; conns: ConnSummary | null }>): FleetTopologyResponse {
  const owner = new Map<string, string>();
  for (const h of hosts) for (const a of h.addresses) if (!owner.has(bareAddress(a))) owner.set(bareAddress(a), h.id);
  const edges = new Map<string, { source: string; target: string; connections: number; ports: Set<number> }>();
  const nodes = hosts.map((h) => {
    let external = 0;
    for (const r of h.conns?.remotes ?? []) {
      const target = owner.get(bareAddress(r.addr));
      if (!target) {
        external += r.count;
        continue;
      }
      if (target === h.id) continue;
      const key = `${h.id}\u0000${target}`;
      const e = edges.get(key) ?? { source: h.id, target, connections: 0, ports: new Set<number>() };
      e.connections += r.count;
      e.ports.add(r.port);
      edges.set(key, e);
    }
    return { id: h.id, hostname: h.hostname, addresses: h.addresses.map(bareAddress), externalConnections: external, reported: h.conns !== null };
  });
  return { nodes, edges: [...edges.values()].map((e) => ({ source: e.source, target: e.target, connections: e.connections, ports: [...e.ports].sort((a, b) => a - b) })) };
}

export function createFleetRoute(deps: FleetDeps): Hono {
  const app = new Hono();
  let cache: { at: number; body: FleetTopologyResponse } | undefined;
  app.get('/topology', (c) => {
    const now = deps.now();
    if (!cache || now - cache.at > CACHE_MS) {
      const hosts = deps.catalog.hosts().map((row) => {
        const facts = JSON.parse(row.facts) as HostFacts;
        const latest = deps.catalog.lastSeenOf(row) === null ? undefined : (deps.pool.get(row.id as HostId).db.prepare('SELECT data FROM conns ORDER BY ts DESC LIMIT 1').get() as { data: string } | undefined);
        return {
          id: row.id,
          hostname: row.hostname,
          addresses: facts.interfaces.flatMap((i) => i.addresses),
          conns: latest ? (JSON.parse(latest.data) as ConnSummary) : null,
        };
      });
      cache = { at: now, body: buildFleetTopology(hosts) };
    }
    return c.json(cache.body);
  });
  return app;
}
