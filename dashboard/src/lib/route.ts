/**
 * Deep links in the URL hash: which view, which host and which range. The API token never goes
 * here. `#/host/web-1?range=24h` is one host over a day.
 */

export const RANGES = ['15m', '1h', '6h', '24h', '7d', '30d', '90d'] as const;
export type Range = (typeof RANGES)[number];
export const RANGE_SECONDS: Record<Range, number> = { '15m': 900, '1h': 3600, '6h': 21_600, '24h': 86_400, '7d': 604_800, '30d': 2_592_000, '90d': 7_776_000 };

export const SORTS = ['status', 'risk', 'name', 'cpu', 'mem', 'disk', 'seen'] as const;
export type Sort = (typeof SORTS)[number];
export const STATUS_FILTERS = ['all', 'trouble', 'critical', 'warning', 'watch', 'ok', 'silent', 'new'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];
/** Alert tabs: one per state of the API, and all of them. */
export const ALERT_STATES = ['firing', 'pending', 'resolved', 'all'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export type Route =
  | { view: 'fleet'; q: string; sort: Sort; filter: StatusFilter }
  | { view: 'host'; id: string; range: Range }
  | { view: 'topology' }
  | { view: 'alerts'; state: AlertState };

const pick = <T extends string>(list: readonly T[], v: string | null, fallback: T): T => (v !== null && (list as readonly string[]).includes(v) ? (v as T) : fallback);

/**
 * @example parseRoute('#/host/web-1?range=7d') // { view: 'host', id: 'web-1', range: '7d' }
 */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  if (parts[0] === 'host' && parts[1]) return { view: 'host', id: parts[1], range: pick(RANGES, params.get('range'), '1h') };
  if (parts[0] === 'topology') return { view: 'topology' };
  if (parts[0] === 'alerts') return { view: 'alerts', state: pick(ALERT_STATES, params.get('state'), 'firing') };
  return { view: 'fleet', q: params.get('q') ?? '', sort: pick(SORTS, params.get('sort'), 'status'), filter: pick(STATUS_FILTERS, params.get('filter'), 'all') };
}

/** The hash for a route; defaults are left out so links stay short. */
export function formatRoute(r: Route): string {
  const qs = (o: Record<string, string>) => {
    const s = new URLSearchParams(Object.entries(o).filter(([, v]) => v !== '')).toString();
    return s ? `?${s}` : '';
  };
  switch (r.view) {
    case 'host':
      return `#/host/${encodeURIComponent(r.id)}${qs({ range: r.range === '1h' ? '' : r.range })}`;
    case 'topology':
      return '#/topology';
    case 'alerts':
      return `#/alerts${qs({ state: r.state === 'firing' ? '' : r.state })}`;
    default:
      return `#/${qs({ q: r.q, sort: r.sort === 'status' ? '' : r.sort, filter: r.filter === 'all' ? '' : r.filter })}`;
  }
}
