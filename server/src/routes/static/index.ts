/**
 * The dashboard at `/`: the built files of dashboard/ with a strict Content-Security-Policy
 * (no inline script or style, connections only to this origin). Hashed assets are cached for a
 * year; index.html is revalidated so a new build is picked up at once. Host deep links are hash
 * routes (`/#/host/<id>`); the older `/hosts/<id>` redirects there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.json': 'application/json',
};

/**
 * Where the built dashboard is: beside the server bundle in a packaged install
 * (`server/dist/dashboard`, copied by the server's build), else the workspace's `dashboard/dist`.
 */
export function findDashboardDir(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  const candidates = [join(from, 'dashboard'), resolve(from, '../../dashboard/dist'), resolve(from, '../../../../dashboard/dist')];
  return candidates.find((d) => existsSync(join(d, 'index.html')));
}

const NOT_BUILT =
  'AURA server\n\nThe dashboard is not built: run `pnpm run build` (or `node scripts/setup.mjs`).\n\nAPI: /api/v1 (Authorization: Bearer <API token>)\nHealth: /healthz, /readyz\nAgents: /v1/agent (WebSocket)\n';

/**
 * @example app.route('/', createStaticRoute()) // serves GET / and GET /assets/*
 */
/** `dir`: the built dashboard (default: found with findDashboardDir); null: not built. */
export function createStaticRoute(opts: { dir?: string | null } = {}): Hono {
  const app = new Hono();
  const dir = opts.dir === undefined ? findDashboardDir() : (opts.dir ?? undefined);
  const index = dir ? readFileSync(join(dir, 'index.html'), 'utf8') : undefined;

  app.get('/', (c) => {
    if (!index) return c.text(NOT_BUILT, 200, { 'Cache-Control': 'no-cache' });
    return c.html(index, 200, { ...SECURITY_HEADERS, 'Cache-Control': 'no-cache' });
  });

  // Links of the first alert notifications pointed at /hosts/<id>: send them to the host's view.
  app.get('/hosts/:id', (c) => c.redirect(`/#/host/${encodeURIComponent(c.req.param('id'))}`, 301));

  app.get('/assets/:file', async (c) => {
    const file = c.req.param('file');
    // Built names only: letters, digits, "-", "_" and one extension; no path of any kind.
    const ext = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9]+)*(\.[a-z]+)$/.exec(file)?.[2];
    const type = ext ? TYPES[ext] : undefined;
    if (!dir || !type) return c.notFound();
    try {
      const body = await readFile(join(dir, 'assets', file));
      return c.body(body, 200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' });
    } catch {
      return c.notFound();
    }
  });
  return app;
}
