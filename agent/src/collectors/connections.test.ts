import { describe, expect, it } from 'vitest';
import { collectOnce, FIXTURES, fixture } from '../testing.js';
import { createConnectionsCollector, decodeAddress, parseProcNetTcp, summarizeConnections } from './connections.js';

describe('connections', () => {
  it('decodes kernel addresses: IPv4, IPv4-mapped, IPv6 with RFC 5952 compression', () => {
    expect(decodeAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeAddress('0000000000000000FFFF00000100007F')).toBe('127.0.0.1');
    expect(decodeAddress('00000000000000000000000001000000')).toBe('::1');
    expect(decodeAddress('00000000000000000000000000000000')).toBe('::');
    expect(decodeAddress('B80D0120000000000000000001000000')).toBe('2001:db8::1');
  });

  it('parses the captured tables: listeners and established connections over IPv4 and IPv6', () => {
    const v4 = parseProcNetTcp(fixture('proc/net/tcp'));
    const v6 = parseProcNetTcp(fixture('proc/net/tcp6'));
    expect(v4[0]).toEqual({ local: '0.0.0.0', localPort: 2024, remote: '0.0.0.0', remotePort: 0, state: 'listen' });
    expect(v6[0]).toMatchObject({ local: '::', localPort: 5432, state: 'listen' });
    expect(v6[2]).toMatchObject({ local: '127.0.0.1', localPort: 5432, remote: '127.0.0.1', state: 'established' });
  });

  it('groups established peers by service port, busiest first', async () => {
    const out = await collectOnce(createConnectionsCollector(FIXTURES.now));
    expect(out.conns!.listening).toEqual([2024, 5432, 8080]);
    // Two clients of 5432 over IPv4 (mapped) and one over IPv6; 8080 seen from both ends; clients of 5432 seen from their side.
    expect(out.conns!.remotes).toEqual([
      { addr: '127.0.0.1', port: 5432, count: 4 },
      { addr: '::1', port: 5432, count: 2 },
      { addr: '127.0.0.1', port: 8080, count: 2 },
    ]);
    expect(out.gauges).toMatchObject({ 'tcp.listen': 3, 'tcp.close_wait': 0 });
  });

  it('counts every state', () => {
    const tcp = ['sl local rem st', '0: 00000000:0016 00000000:0000 0A', '1: 0200000A:0016 0500000A:C350 01', '2: 0200000A:D431 0700000A:1538 06', '3: 0200000A:D432 0700000A:1538 08'].join('\n');
    expect(summarizeConnections(parseProcNetTcp(tcp)).states).toEqual({ listen: 1, established: 1, time_wait: 1, close_wait: 1 });
  });
});
