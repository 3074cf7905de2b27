/**
 * `GET /install.sh` (public: `curl -fsSL http://SERVER:8080/install.sh | sudo sh -s -- --token T`)
 * served with this server's URL and the SHA-256 of every download filled in, and
 * `GET /download/<file>` (the agent bundle, standalone binaries, the unit, SHA256SUMS), which needs
 * the agent token: a wrong token fails the install before anything is changed on the host.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { bearerToken } from '../../middleware/auth/index.js';
import { HttpError, sendError } from '../../middleware/errors/index.js';
import type { RateLimiter } from '../../middleware/rate-limit/index.js';
import type { Catalog } from '../../store/index.js';
import { DOWNLOADS, locateInstallFiles, sha256Sums, type DownloadName, type InstallFiles } from './files.js';

export { DOWNLOADS, installVersion, locateInstallFiles, sha256Of, sha256Sums, type InstallFiles } from './files.js';

export interface InstallRouteDeps {
  catalog: Catalog;
  perAddress: RateLimiter;
  /** The URL hosts reach this server at; default: the origin of the request for install.sh. */
  publicUrl?: string | undefined;
  files?: InstallFiles;
  agentDir?: string | undefined;
}

/** Only a plain origin may be written into a shell script: a Host header is the client's to choose. */
const SAFE_ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** Fill the placeholders of install.sh (lines `AURA_DEFAULT_SERVER=''` and `AURA_SUMS=''`). */
export function renderInstallScript(script: string, server: string | undefined, sums: string): string {
  const origin = server && SAFE_ORIGIN.test(server) ? server : '';
  return script
    .replace(/^AURA_DEFAULT_SERVER=''.*$/m, `AURA_DEFAULT_SERVER='${origin}'`)
    .replace(/^AURA_SUMS=''.*$/m, `AURA_SUMS='${sums.replace(/[^0-9a-z .\n-]/g, '')}'`);
}

function remoteAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function createInstallRoute(deps: InstallRouteDeps): Hono {
  const files = deps.files ?? locateInstallFiles(deps.agentDir ? { agentDir: deps.agentDir } : {});
  const app = new Hono();

  app.get('/install.sh', (c) => {
    let script: string;
    try {
      script = readFileSync(files.installScript, 'utf8');
    } catch {
      return sendError(c, new HttpError(404, 'not_found', 'install.sh is not part of this installation'));
    }
    const origin = (deps.publicUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
    return c.body(renderInstallScript(script, origin, sha256Sums(files)), 200, { 'Content-Type': 'text/x-shellscript; charset=utf-8', 'Cache-Control': 'no-store' });
  });

  app.get('/download/:name', (c) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token || !deps.catalog.verifyToken('agent', token)) {
      const wait = deps.perAddress.take(remoteAddress(c));
      if (wait > 0) return sendError(c, new HttpError(429, 'rate_limited', 'too many failed attempts from this address', undefined, { 'Retry-After': String(Math.ceil(wait)) }));
      return sendError(c, new HttpError(401, 'unauthorized', token ? 'the agent token is not valid or was revoked' : 'missing "Authorization: Bearer <agent token>" header'));
    }
    const name = c.req.param('name');
    if (name === 'SHA256SUMS') return c.body(sha256Sums(files), 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    if (!(DOWNLOADS as readonly string[]).includes(name)) {
      return sendError(c, new HttpError(404, 'not_found', `no download "${name}" (available: ${[...DOWNLOADS, 'SHA256SUMS'].join(', ')})`));
    }
    const path = files.pathOf(name as DownloadName);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      const hint = name.startsWith('aura-agent-linux') ? 'this server has no standalone agent for that architecture (build one with: node scripts/build-standalone-agent.mjs), or install Node >= 18 on the host' : 'build the agent first (pnpm run build)';
      return sendError(c, new HttpError(404, 'not_found', `${name} is not available on this server: ${hint}`));
    }
    const body = Readable.toWeb(createReadStream(path)) as ReadableStream;
    return c.body(body, 200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size), 'Cache-Control': 'no-store' });
  });
  return app;
}
