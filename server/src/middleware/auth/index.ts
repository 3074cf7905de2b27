/**
 * Bearer-token authentication for /api, with two rate limits: per client address for requests
 * without a valid token (so guessing tokens is slow) and per token for the rest.
 */
import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Catalog, TokenRow } from '../../store/index.js';
import { HttpError, sendError } from '../errors/index.js';
import type { RateLimiter } from '../rate-limit/index.js';

export interface AuthOptions {
  catalog: Catalog;
  perToken: RateLimiter;
  perAddress: RateLimiter;
}

export type AuthVariables = { token: TokenRow };

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(header: string | undefined | null): string | undefined {
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return m?.[1];
}

function retryAfter(seconds: number): Record<string, string> {
  return { 'Retry-After': String(Math.max(1, Math.ceil(seconds))) };
}

export function createAuth(opts: AuthOptions): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    const row = token ? opts.catalog.verifyToken('api', token) : undefined;
    if (!row) {
      let address = 'unknown';
      try {
        address = getConnInfo(c).remote.address ?? 'unknown';
      } catch {
        // Not behind node-server (tests with app.request): one shared bucket.
      }
      const wait = opts.perAddress.take(address);
      if (wait > 0) return sendError(c, new HttpError(429, 'rate_limited', 'too many unauthenticated requests from this address', undefined, retryAfter(wait)));
      c.header('WWW-Authenticate', 'Bearer realm="aura"');
      return sendError(c, new HttpError(401, 'unauthorized', token ? 'the API token is not valid or was revoked' : 'missing "Authorization: Bearer <API token>" header'));
    }
    const wait = opts.perToken.take(row.id);
    if (wait > 0) return sendError(c, new HttpError(429, 'rate_limited', `rate limit of this token exceeded; retry in ${Math.ceil(wait)} s`, undefined, retryAfter(wait)));
    c.set('token', row);
    await next();
  };
}
