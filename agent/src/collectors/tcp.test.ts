import { describe, expect, it } from 'vitest';
import { collectOnce, FIXTURES } from '../testing.js';
import { createTcpCollector, parseSnmpTcp, parseSockstatTimeWait } from './tcp.js';

describe('tcp', () => {
  it('reads the Tcp rows of the captured /proc/net/snmp and TIME_WAIT from sockstat', async () => {
    const out = await collectOnce(createTcpCollector(FIXTURES.now));
    expect(out.gauges).toEqual({ 'tcp.established': 0, 'tcp.time_wait': 4 });
    expect(out.counters).toMatchObject({ 'tcp.active_opens_total': 58674, 'tcp.retransmits_total': 97390, 'tcp.resets_total': 2935 });
  });

  it('skips negative constants (MaxConn is -1) and parses sockstat', () => {
    expect(parseSnmpTcp('Tcp: MaxConn CurrEstab\nTcp: -1 7\n')).toEqual({ MaxConn: -1, CurrEstab: 7 });
    expect(parseSnmpTcp('Ip: a\nIp: 1\n')).toEqual({});
    expect(parseSockstatTimeWait('sockets: used 5\nTCP: inuse 3 orphan 0 tw 42 alloc 4 mem 1\n')).toBe(42);
    expect(parseSockstatTimeWait('')).toBeUndefined();
  });
});
