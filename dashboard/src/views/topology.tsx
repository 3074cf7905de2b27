/**
 * Fleet topology: who talks to whom (established TCP connections), laid out by d3-force and
 * coloured by the council's status. Each node is a link to its host, so the graph is keyboard-navigable.
 */
import type { FleetTopologyResponse } from '@aura/protocol';
import { forceCenter, forceLink, forceManyBody, forceSimulation, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import { useState } from 'hono/jsx/dom';
import { formatRoute } from '../lib/route.js';
import type { Session } from '../session.js';
import { Missing } from './status.js';
import { useSafeEffect } from '../lib/effect.js';

interface Node extends SimulationNodeDatum {
  id: string;
  hostname: string;
  external: number;
}
type Link = SimulationLinkDatum<Node> & { connections: number };

/** Run the layout to rest off-screen (fewer ticks for big fleets), then draw it once. */
function layout(topo: FleetTopologyResponse): { nodes: Node[]; links: Link[] } {
  const nodes: Node[] = topo.nodes.map((n) => ({ id: n.id, hostname: n.hostname, external: n.externalConnections }));
  const links: Link[] = topo.edges.map((e) => ({ source: e.source, target: e.target, connections: e.connections }));
  const sim = forceSimulation(nodes)
    .force('link', forceLink<Node, Link>(links).id((d) => d.id).distance(40))
    .force('charge', forceManyBody().strength(-60))
    .force('center', forceCenter(0, 0))
    .stop();
  const ticks = nodes.length > 500 ? 120 : 300;
  for (let i = 0; i < ticks; i++) sim.tick();
  return { nodes, links };
}

export function TopologyView(props: { session: Session }) {
  const [graph, setGraph] = useState<{ nodes: Node[]; links: Link[] } | string | null>(null);
  useSafeEffect(() => {
    props.session.api.get<FleetTopologyResponse>('/api/v1/fleet/topology').then(
      (t) => setGraph(layout(t)),
      (e: Error) => setGraph(e.message),
    );
  }, []);
  if (graph === null) return <p class="muted">Laying out the fleet…</p>;
  if (typeof graph === 'string') return <Missing what="Fleet topology" why={graph} />;
  if (graph.nodes.length === 0) return <Missing what="Fleet topology" why="no hosts yet" />;
  const xs = graph.nodes.map((n) => n.x ?? 0);
  const ys = graph.nodes.map((n) => n.y ?? 0);
  const pad = 30;
  const box = [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) - Math.min(...xs) + 2 * pad, Math.max(...ys) - Math.min(...ys) + 2 * pad];
  const fleet = props.session.fleet;
  return (
    <section class="topology" aria-labelledby="topo-title">
      <h1 id="topo-title">Fleet topology</h1>
      <p class="muted">
        {String(graph.nodes.length)} hosts, {String(graph.links.length)} connections between them (from each agent's established TCP connections). Click or press Enter on a host to open it.
      </p>
      <svg class="graph" viewBox={box.join(' ')} role="img" aria-label="Fleet connection graph">
        {graph.links.map((l) => {
          const s = l.source as Node;
          const t = l.target as Node;
          return <line x1={String(s.x)} y1={String(s.y)} x2={String(t.x)} y2={String(t.y)} class="edge" stroke-width={String(Math.min(4, 0.5 + Math.log2(1 + l.connections) / 2))} />;
        })}
        {graph.nodes.map((n) => {
          const h = fleet.hosts.get(n.id);
          const status = h && fleet.isSilent(h) ? 'silent' : (h?.status ?? 'unknown');
          return (
            <a href={formatRoute({ view: 'host', id: n.id, range: '1h' })} data-node-id={n.id} aria-label={`${n.hostname}: ${status}`}>
              <circle cx={String(n.x)} cy={String(n.y)} r="6" class={`node node-${status}`}>
                <title>{`${n.hostname} (${status})`}</title>
              </circle>
            </a>
          );
        })}
      </svg>
    </section>
  );
}
