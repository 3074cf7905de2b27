import { describe, expect, it } from 'vitest';
import { collectOnce, FIXTURES, fixture } from '../testing.js';
import { createNetworkCollector, DEFAULT_IFACE_EXCLUDE, parseNetDev } from './network.js';

describe('network', () => {
  it('parses every interface of the captured /proc/net/dev', () => {
    const d = parseNetDev(fixture('proc/net/dev'));
    expect(Object.keys(d)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    expect(d.eth0).toEqual({ rx_bytes: 283041035, rx_packets: 8745, rx_errors: 0, rx_drops: 0, tx_bytes: 550485, tx_packets: 5397, tx_errors: 0, tx_drops: 0 });
  });

  it('skips loopback and virtual plumbing, keeps real and VLAN interfaces', () => {
    for (const n of ['lo', 'veth1a2b', 'docker0', 'br-5f3a', 'cali123', 'ifb0']) expect(DEFAULT_IFACE_EXCLUDE.test(n), n).toBe(true);
    for (const n of ['eth0', 'ens3', 'enp0s31f6', 'bond0', 'wlan0', 'eth0.100']) expect(DEFAULT_IFACE_EXCLUDE.test(n), n).toBe(false);
  });

  it('emits the eight COUNTER.net counters per kept interface', async () => {
    const c = (await collectOnce(createNetworkCollector(FIXTURES.now))).counters;
    expect(Object.keys(c)).toHaveLength(8);
    expect(c['net.eth0.rx_bytes_total']).toBe(283041035);
    expect(c['net.eth0.tx_drops_total']).toBe(0);
  });

  it('skips a truncated line instead of inventing zeros', () => {
    expect(parseNetDev('h1\nh2\n  eth0: 1 2 3\n  eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n')).toEqual({
      eth1: { rx_bytes: 1, rx_packets: 2, rx_errors: 3, rx_drops: 4, tx_bytes: 9, tx_packets: 10, tx_errors: 11, tx_drops: 12 },
    });
  });
});
