import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from './route.js';

describe('routes', () => {
  it('round-trips every view through the hash, defaults left out', () => {
    const routes: Route[] = [
      { view: 'fleet', q: 'web', sort: 'risk', filter: 'trouble' },
      { view: 'fleet', q: '', sort: 'status', filter: 'all' },
      { view: 'host', id: 'db-1.eu', range: '7d' },
      { view: 'host', id: 'a b/c', range: '1h' },
      { view: 'topology' },
      { view: 'alerts', state: 'resolved' },
    ];
    for (const r of routes) expect(parseRoute(formatRoute(r))).toEqual(r);
    expect(formatRoute({ view: 'fleet', q: '', sort: 'status', filter: 'all' })).toBe('#/');
    expect(formatRoute({ view: 'host', id: 'web-1', range: '1h' })).toBe('#/host/web-1');
  });

  it('falls back to defaults for unknown values and malformed escapes', () => {
    expect(parseRoute('#/host/web-1?range=1y')).toEqual({ view: 'host', id: 'web-1', range: '1h' });
    expect(parseRoute('#/nowhere')).toEqual({ view: 'fleet', q: '', sort: 'status', filter: 'all' });
    expect(parseRoute('#/host/%E0%A4%A')).toMatchObject({ view: 'host', id: '%E0%A4%A' });
  });
});
