/**
 * `GET /api/v1/export.csv?host=ID&from&to&step&metrics`: a host's metrics over a range as CSV,
 * header `timestamp,<metric>,…` (unix seconds), the format `aura replay FILE.csv` reads. Streamed
 * in chunks of steps, so a 90-day export never sits in memory whole.
 */
import { hostIdSchema, metricsQuerySchema, type HostId } from '@aura/protocol';
import { Hono } from 'hono';
import { HttpError, badRequest } from '../../middleware/errors/index.js';
import type { Catalog, HostPool } from '../../store/index.js';
import { queryRange } from '../../store/index.js';
import { csvNumber, csvText } from './csv.js';

export interface ExportDeps {
  catalog: Catalog;
  pool: HostPool;
  now: () => number;
}

/** Steps read from the store per chunk of the stream. */
const CHUNK_STEPS = 2000;
/** Most rows one export may produce (about 5 years at one-minute steps would be 2.6 M). */
export const MAX_EXPORT_ROWS = 5_000_000;
const DAY_MS = 86_400_000;

export const exportQuerySchema = metricsQuerySchema.extend({ host: hostIdSchema });

/** Without a step: the host's own interval while raw samples are kept (7 days), then 1m, then 1h. */
function defaultStep(rangeMs: number, intervalMs: number): number {
  if (rangeMs <= 7 * DAY_MS) return Math.max(1000, intervalMs);
  if (rangeMs <= 90 * DAY_MS) return 60_000;
  return 3_600_000;
}

function matcher(patterns: string[] | undefined): (name: string) => boolean {
  if (!patterns) return () => true;
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (n) => exact.has(n) || prefixes.some((p) => n.startsWith(p));
}

export function createExportRoute(deps: ExportDeps): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const q = exportQuerySchema.safeParse(c.req.query());
    if (!q.success) {
      if (q.error.issues.some((i) => i.path[0] === 'host' && i.code === 'invalid_type')) {
        throw new HttpError(400, 'bad_request', 'query host: give the host id (example: ?host=web-1&from=2026-01-01T00:00:00Z)', 'host');
      }
      throw badRequest(q.error, 'query');
    }
    const row = deps.catalog.host(q.data.host);
    if (!row) throw new HttpError(404, 'not_found', `no host with id "${q.data.host}"`);
    const toMs = q.data.to ?? deps.now();
    const fromMs = q.data.from ?? toMs - 3_600_000;
    if (fromMs > toMs) throw new HttpError(400, 'bad_request', 'query from: must not be after "to"', 'from');
    const stepMs = q.data.step ?? defaultStep(toMs - fromMs, row.interval_ms);
    if (stepMs < 1000) throw new HttpError(400, 'bad_request', 'query step: must be at least 1s', 'step');
    const rows = Math.floor((toMs - fromMs) / stepMs) + 1;
    if (rows > MAX_EXPORT_ROWS) {
      throw new HttpError(400, 'bad_request', `query step: the range at this step gives ${rows} rows, more than ${MAX_EXPORT_ROWS}; use a larger step or a shorter range`, 'step');
    }
    const hostId: HostId = row.id;
    const host = deps.pool.get(hostId);
    const wanted = matcher(q.data.metrics);
    const exact = q.data.metrics?.every((m) => !m.endsWith('*'));
    // Exact names keep the order asked for (even when absent: empty column); prefixes and "all" list what is stored.
    const columns = exact ? [...new Set(q.data.metrics)] : host.layouts.allNames().filter(wanted).sort();
    const agg = q.data.agg;
    const aligned = Math.floor(fromMs / stepMs) * stepMs;
    let start = fromMs;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(['timestamp', ...columns].map(csvText).join(',') + '\n'));
      },
      // Pull-based: the next chunk is read only when the client has taken the previous one.
      pull(controller) {
        // Empty chunks (gaps in the history) are skipped here: a pull that enqueues nothing is not called again.
        while (start <= toMs) {
          const end = Math.min(toMs, aligned + (Math.floor((start - aligned) / stepMs) + CHUNK_STEPS) * stepMs - 1);
          const chunk = queryRange(host, { fromMs: start, toMs: end, stepMs, metrics: columns, agg });
          start = end + 1;
          if (chunk.timestamps.length === 0) continue;
          const cols = columns.map((m) => chunk.series[m]);
          let out = '';
          for (let i = 0; i < chunk.timestamps.length; i++) {
            out += csvNumber(chunk.timestamps[i]);
            for (const col of cols) out += ',' + csvNumber(col?.[i]);
            out += '\n';
          }
          controller.enqueue(encoder.encode(out));
          return;
        }
        controller.close();
      },
    });
    const name = `${hostId}-${Math.floor(fromMs / 1000)}-${Math.floor(toMs / 1000)}.csv`;
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
  });
  return app;
}
