import type { FleetEntry } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { printable, renderTop, sortHosts, type TopState } from './top-screen.js';

const e = (id: string, o: Partial<FleetEntry> = {}): FleetEntry => ({
  id, hostname: id, connected: true, lastSeen: 1000, firstSeen: 0, status: null, risk: null, ttfSeconds: null, cpu: null, mem: null, disk: null, points: [], ...o,
});

describe('aura top screen', () => {
  it('strips control characters so a hostname cannot drive the terminal', () => {
    expect(printable('evil\x1b[2J\x07host\u009b')).toBe('evil?[2J?host?');
  });

  it('sorts trouble first (silent, then by decision and risk) and by each column', () => {
    const hosts = [e('ok', { status: 'ok', cpu: 90 }), e('crit', { status: 'critical', risk: 0.7 }), e('gone', { connected: false }), e('warn', { status: 'warning', risk: 0.9, cpu: 10 })];
    expect(sortHosts(hosts, 'status', 1000).map((h) => h.id)).toEqual(['gone', 'crit', 'warn', 'ok']);
    expect(sortHosts(hosts, 'cpu', 1000).map((h) => h.id)).toEqual(['ok', 'warn', 'crit', 'gone']);
    expect(sortHosts(hosts, 'risk', 1000).map((h) => h.id)).toEqual(['warn', 'crit', 'gone', 'ok']);
  });

  it('renders a header, a summary and one line per host within the width and height', () => {
    const st: TopState = { hosts: new Map([['a', e('a', { status: 'warning', risk: 0.42, cpu: 12.34, mem: 50, disk: 91.2, ttfSeconds: 5400 })], ['b', e('b')]]), serverTime: 1010, sort: 'status', offset: 0, status: 'live' };
    const lines = renderTop(st, 100, 10, false);
    expect(lines[0]).toMatch(/^aura top — 2 hosts: 0 critical, 1 warning, 0 watch, 0 ok, 0 silent/);
    expect(lines[2]).toMatch(/^HOST\s+STATUS\s+RISK\s+TTF\s+CPU\s+MEM\s+DISK\s+SEEN$/);
    expect(lines[3]).toMatch(/^a\s+warning\s+42%\s+1h30m\s+12\.3%\s+50\.0%\s+91\.2%\s+10s$/);
    expect(lines[4]).toMatch(/^b\s+unanalysed/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
    expect(renderTop(st, 100, 4, false).length).toBe(4);
  });
});
