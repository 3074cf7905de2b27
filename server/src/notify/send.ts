/**
 * One HTTP POST of a rendered notification through the guarded dispatcher, classified for the
 * retry policy: 2xx delivered; 408, 429 and 5xx (and network errors, time-outs) retried; other
 * answers (400, 404, redirects, …) are permanent failures, as in Alertmanager's notifiers.
 */
import type { Agent } from 'undici';
import { request } from 'undici';
import { parseRetryAfter } from './backoff.js';
import { resolveChecked, TargetRefused, type TargetPolicy } from './ssrf.js';
import type { RenderedRequest } from './types.js';

export interface SendResult {
  ok: boolean;
  status: number | null;
  /** Worth trying again later. */
  retryable: boolean;
  /** From a Retry-After header, in ms. */
  retryAfterMs?: number | undefined;
  error: string | null;
  durationMs: number;
}

export interface SendDeps {
  dispatcher: Agent;
  policy: TargetPolicy;
  timeoutMs: number;
  now?: () => number;
}

/** At most this much of an error body is kept for the delivery log. */
const MAX_ERROR_BODY = 300;

async function readSome(body: AsyncIterable<Buffer> & { destroy?: () => void }): Promise<string> {
  let text = '';
  for await (const chunk of body) {
    text += chunk.toString('utf8');
    if (text.length >= MAX_ERROR_BODY) break;
  }
  return text.slice(0, MAX_ERROR_BODY).replace(/\s+/g, ' ').trim();
}

/** A short reason for a failed request. */
export function describeError(err: unknown, timeoutMs: number): { message: string; retryable: boolean } {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  if (err instanceof TargetRefused || e?.name === 'TargetRefused' || e?.cause?.name === 'TargetRefused') return { message: (e.cause?.name === 'TargetRefused' ? e.cause : e).message, retryable: false };
  const code = e?.code ?? e?.cause?.code ?? '';
  if (/TIMEOUT/i.test(code) || e?.name === 'TimeoutError' || e?.name === 'AbortError') return { message: `timed out after ${timeoutMs} ms (${code || e.name})`, retryable: true };
  return { message: `${code ? `${code}: ` : ''}${e?.message ?? String(err)}`, retryable: true };
}

export async function sendRequest(req: RenderedRequest, deps: SendDeps): Promise<SendResult> {
  const now = deps.now ?? Date.now;
  const start = performance.now();
  const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({ ...r, durationMs: performance.now() - start });
  let url: URL;
  try {
    url = new URL(req.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`unsupported scheme ${url.protocol}`);
  } catch (err) {
    return done({ ok: false, status: null, retryable: false, error: `bad URL: ${(err as Error).message}` });
  }
  try {
    await resolveChecked(url.hostname, deps.policy);
  } catch (err) {
    if (err instanceof TargetRefused) return done({ ok: false, status: null, retryable: false, error: err.message });
    return done({ ok: false, status: null, retryable: true, error: `cannot resolve ${url.hostname}: ${(err as Error).message}` });
  }
  try {
    const res = await request(url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      dispatcher: deps.dispatcher,
      headersTimeout: deps.timeoutMs,
      bodyTimeout: deps.timeoutMs,
      signal: AbortSignal.timeout(deps.timeoutMs + 1000),
    });
    const status = res.statusCode;
    const text = await readSome(res.body).catch(() => '');
    res.body.destroy();
    if (status >= 200 && status < 300) return done({ ok: true, status, retryable: false, error: null });
    const retryable = status === 408 || status === 429 || status >= 500;
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(res.headers['retry-after'], now()) : undefined;
    const why = status >= 300 && status < 400 ? 'redirects are not followed; use the final URL' : text || 'no body';
    return done({ ok: false, status, retryable, retryAfterMs, error: `HTTP ${status}: ${why}` });
  } catch (err) {
    const d = describeError(err, deps.timeoutMs);
    return done({ ok: false, status: null, retryable: d.retryable, error: d.message });
  }
}
