/**
 * Cross-process alerting tests: a server with alert channels pointing at a real HTTP receiver on
 * loopback, `aura simulate` processes as the fleet, and readers for what the receiver got.
 */
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertsResponse } from '@aura/protocol';
import { pagerDutyEventSchema, slackMessageSchema } from '../../server/src/notify/spec-schemas.js';
import type { Received, Receiver } from '../../server/src/notify/test-receiver.js';
import { AGENT_TOKEN, API_TOKEN, Proc, SERVER_CLI, startServerProc, type ServerProc } from '../helpers/procs.js';

export { startReceiver, type Receiver, type Received } from '../../server/src/notify/test-receiver.js';

export const WEBHOOK_SECRET = 'webhook-secret-for-alert-tests';

/** The three channel types, all pointing at the receiver. */
export function channelsFor(r: Receiver) {
  return [
    { name: 'slack', type: 'slack', url: r.url('/slack') },
    { name: 'pagerduty', type: 'pagerduty', routingKey: 'R0UT1NGKEY0123456789abcdef012345', url: r.url('/pagerduty') },
    { name: 'hook', type: 'webhook', url: r.url('/hook'), secret: WEBHOOK_SECRET },
  ];
}

/** A server whose config file is `config` (channels may reach loopback). */
export async function alertServer(data: string, config: Record<string, unknown>, port?: number): Promise<ServerProc> {
  const file = join(data, 'aura-test-config.json');
  writeFileSync(file, JSON.stringify({ allowPrivateTargets: ['127.0.0.1/32'], ...config }));
  return startServerProc({ data, args: ['--config', file], ...(port ? { port } : {}) });
}

/** `aura simulate` as its own process. */
export function simulate(server: ServerProc, opts: { hosts: number; prefix: string; speed: number; startS: number; interval?: string; batch?: number }): Proc {
  const child = spawn(
    process.execPath,
    [SERVER_CLI, 'simulate', '--server', server.url, '--token', AGENT_TOKEN, '--hosts', String(opts.hosts), '--prefix', opts.prefix, '--speed', String(opts.speed),
      '--start', String(Math.floor(opts.startS)), '--interval', opts.interval ?? '5s', '--batch', String(opts.batch ?? 1), '--status-every', '1s'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Proc(`simulate ${opts.prefix}`, child);
}

export async function apiCall<T>(server: ServerProc, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
    } catch (err) {
      // A busy server can close an idle keep-alive connection just as fetch reuses it (ECONNRESET).
      const code = ((err as Error & { cause?: { code?: string } }).cause?.code) ?? '';
      if (attempt >= 3 || method !== 'GET' || !/ECONNRESET|UND_ERR_SOCKET/.test(code)) throw err;
    }
  }
}

/**
 * For a failing wait: every alert of a host (state, pending/fired/resolved times relative to
 * `refS`, the summary of the decision behind it), so a CI log says why nothing fired.
 */
export async function alertTrail(server: ServerProc, host: string, refS: number): Promise<string> {
  const rel = (t: number | null) => (t === null ? '-' : `${t - refS >= 0 ? '+' : ''}${Math.round(t - refS)}s`);
  const alerts = (await apiCall<AlertsResponse>(server, 'GET', `/alerts?state=pending,firing,resolved&host=${host}&limit=50`)).body.alerts;
  const lines = alerts.map((a) => `${a.kind} ${a.state}: pending ${rel(a.startsAt)}, fired ${rel(a.firedAt)}, resolved ${rel(a.resolvedAt)}; ${a.decision?.summary ?? a.summary}`);
  return `alerts of ${host} (times against ${refS}): ${lines.length ? `\n  ${lines.join('\n  ')}` : 'none'}`;
}

/** Weekdays as unix day numbers modulo 7 (day 0, 1970-01-01, was a Thursday). */
export const WEEKDAY = { thu: 0, fri: 1, sat: 2, sun: 3, mon: 4, tue: 5, wed: 6 } as const;

/**
 * Midnight UTC (unix s) of the latest `weekday` at least `daysBack` days before today: the
 * generator has daily and weekly cycles, so tests that simulate the past pin the day they run.
 * @example weekdayBack(WEEKDAY.sat, 3) // a Saturday 3 to 9 days ago
 */
export function weekdayBack(weekday: number, daysBack: number): number {
  const day = Math.floor(Date.now() / 1000 / 86_400) - daysBack;
  return (day - ((((day - weekday) % 7) + 7) % 7)) * 86_400;
}

/** The fleet's event time (unix s) as the server sees it. */
export async function fleetNow(server: ServerProc): Promise<number | null> {
  return (await apiCall<AlertsResponse>(server, 'GET', '/alerts')).body.now;
}

/** Wait (polling the API, no sleeps in the test) until the fleet clock passes `t` (unix s). */
export async function untilFleet(server: ServerProc, t: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await fleetNow(server);
    if (now !== null && now >= t) return;
    if (Date.now() > deadline) throw new Error(`fleet clock stuck at ${now}, waiting for ${t}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function answered2xx(r: Received): boolean {
  return r.answer !== 'hang' && r.answer.status < 300;
}

/** One delivered notification, read the way each receiver type would. */
export interface Delivered {
  channel: 'slack' | 'pagerduty' | 'hook';
  /** firing, escalated, repeat, resolved, acknowledged (webhook and PagerDuty say it; Slack by its text). */
  changes: string[];
  fingerprints: string[];
  key: string | undefined;
  req: Received;
}

export function delivered(r: Receiver): Delivered[] {
  return r.requests.filter(answered2xx).map((req) => {
    const channel = req.path.slice(1) as Delivered['channel'];
    if (channel === 'pagerduty') {
      const e = req.json as { event_action: string; dedup_key: string; payload?: { custom_details?: { change?: string } } };
      const change = e.event_action === 'resolve' ? 'resolved' : e.event_action === 'acknowledge' ? 'acknowledged' : (e.payload?.custom_details?.change ?? 'firing');
      return { channel, changes: [change], fingerprints: [e.dedup_key], key: undefined, req };
    }
    if (channel === 'hook') {
      const b = req.json as { alerts: Array<{ change: string; fingerprint: string }> };
      return { channel, changes: b.alerts.map((a) => a.change), fingerprints: b.alerts.map((a) => a.fingerprint), key: req.headers['idempotency-key'] as string, req };
    }
    // Slack: one section per alert, "*<url|hostname / kind>* — change", its fields naming the host id.
    const blocks = (req.json as { blocks: Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }> }> }).blocks;
    const changes: string[] = [];
    const fps: string[] = [];
    for (const b of blocks) {
      const m = b.type === 'section' && b.fields ? /\/ ([^>|]+)>\* — (firing|escalated to \w+|still firing \(reminder\)|resolved|acknowledged by .*)$/m.exec(b.text?.text ?? '') : null;
      const host = b.fields?.[0] ? /\(`([^`]+)`\)/.exec(b.fields[0].text)?.[1] : undefined;
      if (!m || !host) continue;
      fps.push(`${host}/${m[1]}`);
      changes.push(m[2]!.startsWith('escalated') ? 'escalated' : m[2]!.startsWith('still') ? 'repeat' : m[2]!.startsWith('acknowledged') ? 'acknowledged' : m[2]!);
    }
    return { channel, changes, fingerprints: fps, key: undefined, req };
  });
}

/** The changes each channel received for one fingerprint, in arrival order. */
export function changesFor(r: Receiver, fingerprint: string): Record<string, string[]> {
  const out: Record<string, string[]> = { slack: [], pagerduty: [], hook: [] };
  for (const d of delivered(r)) {
    d.fingerprints.forEach((fp, i) => {
      if (fp === fingerprint) out[d.channel]!.push(d.changes[i] ?? d.changes[0]!);
    });
  }
  return out;
}

/** Every delivered body is valid for its receiver; webhooks carry a valid signature. */
export function checkBodies(r: Receiver): void {
  for (const req of r.requests) {
    if (req.path === '/slack') {
      const v = slackMessageSchema.safeParse(req.json);
      if (!v.success) throw new Error(`invalid Block Kit: ${JSON.stringify(v.error.issues[0])}`);
    } else if (req.path === '/pagerduty') {
      const v = pagerDutyEventSchema.safeParse(req.json);
      if (!v.success) throw new Error(`invalid PagerDuty event: ${JSON.stringify(v.error.issues[0])}`);
    } else if (req.path === '/hook') {
      const ts = req.headers['x-aura-timestamp'] as string;
      const want = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${ts}.${req.body}`).digest('hex')}`;
      if (req.headers['x-aura-signature'] !== want) throw new Error('webhook signature does not verify');
      if (!req.headers['idempotency-key']) throw new Error('webhook without an idempotency key');
    }
  }
}
