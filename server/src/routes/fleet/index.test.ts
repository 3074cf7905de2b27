// Fleet topology: matching established connections to the hosts that own the addresses, and the
// endpoint against a real server with agents reporting their connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetTopologyResponse } from '@aura/protocol';
import { T0, batchFrame, helloFrame, startTestServer, type TestServer } from '../../testing.js';
import { bareAddress, buildFleetTopology } from './index.js';

describe('buildFleetTopology', () => {
  it('links client to server by address, sums connections, keeps ports, counts peers outside the fleet', () => {
    const topo = buildFleetTopology([
      { id: 'web', hostname: 'web', addresses: ['10.0.0.1/24'], conns: { listening: [443], remotes: [{ addr: '10.0.0.2', port: 5432, count: 3 }, { addr: '::ffff:10.0.0.2', port: 6379, count: 1 }, { addr: '8.8.8.8', port: 53, count: 2 }, { addr: '10.0.0.1', port: 1, count: 1 }] } },
      { id: 'db', hostname: 'db', addresses: ['10.0.0.2/24'], conns: null },
    ]);
    expect(topo.edges).toEqual([{ source: 'web', target: 'db', connections: 4, ports: [5432, 6379] }]);
    expect(topo.nodes).toEqual([
      { id: 'web', hostname: 'web', addresses: ['10.0.0.1'], externalConnections: 2, reported: true },
      { id: 'db', hostname: 'db', addresses: ['10.0.0.2'], externalConnections: 0, reported: false },
    ]);
    expect(bareAddress('FE80::1/64')).toBe('fe80::1');
  });
});

describe('GET /api/v1/fleet/topology', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    for (const [id, addr, peer] of [['topo-a', '10.1.0.1/24', '10.1.0.2'], ['topo-b', '10.1.0.2/24', '10.9.9.9']] as const) {
      const a = t.agent();
      await a.opened;
      const hello = helloFrame(id);
      hello.host.interfaces = [{ name: 'eth0', addresses: [addr] }];
      a.send(hello);
      await a.expect('welcome');
      a.send(batchFrame(1, [{ ts: T0, gauges: { 'load.1': 1 }, counters: {}, conns: { listening: [22], remotes: [{ addr: peer, port: 5432, count: 2 }] } }]));
      await a.expect('ack');
      await a.close();
    }
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('returns nodes and edges from the stored connections', async () => {
    const body = await t.json<FleetTopologyResponse>('/api/v1/fleet/topology');
    expect(body.edges).toEqual([{ source: 'topo-a', target: 'topo-b', connections: 2, ports: [5432] }]);
    expect(body.nodes.find((n) => n.id === 'topo-b')).toMatchObject({ externalConnections: 2, reported: true });
  });
});
