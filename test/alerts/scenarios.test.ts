// What the "done when" asks of the whole system — scenario generator, analysis pipeline,
// CfC, council, alerts, delivery: a memory leak (`aura simulate --scenario memory-leak`, time
// compressed) gives exactly one trigger per channel before the failure point and one resolve after
// recovery; 200 healthy hosts over simulated days give at most 0.1 false alerts per host-day.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertsResponse, MetricsResponse } from '@aura/protocol';
import { AGENT_TOKEN, Proc, SERVER_CLI, tempDir, type ServerProc } from '../helpers/procs.js';
import { WEEKDAY, alertServer, alertTrail, apiCall, changesFor, channelsFor, checkBodies, delivered, startReceiver, untilFleet, weekdayBack, type Receiver } from './helpers.js';


const running: Array<Proc | ServerProc> = [];
const receivers: Receiver[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.kill('SIGKILL');
  for (const r of receivers.splice(0)) await r.close();
});

function simulateScenario(server: ServerProc, args: string[]): Proc {
  const child = spawn(process.execPath, [SERVER_CLI, 'simulate', '--server', server.url, '--token', AGENT_TOKEN, '--status-every', '5s', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const p = new Proc('simulate', child);
  running.push(p);
  return p;
}

/** The simulator's first line names each failing host's labelled failure (unix s). */
async function labelledFailure(sim: Proc, host: string): Promise<{ failureTs: number; recoveryTs: number }> {
  const line = await sim.waitFor(/"failures":\[/);
  const f = (JSON.parse(line) as { failures: Array<{ host: string; failureTs: number; recoveryTs: number }> }).failures.find((x) => x.host === host);
  if (!f) throw new Error(`the simulator labels no failure for ${host}: ${line}`);
  return f;
}

/**
 * The same simulated morning on every run: the generator has daily and weekly cycles, so a start
 * taken from the wall clock would make the outcome depend on when the test runs. A Monday,
 * 08:00 UTC, two to eight days back. AURA_TEST_LEAK_START (unix s) runs another.
 */
function leakStart(): number {
  if (process.env.AURA_TEST_LEAK_START) return Number(process.env.AURA_TEST_LEAK_START);
  return weekdayBack(WEEKDAY.mon, 2) + 8 * 3600;
}

describe('scenarios across the whole system', () => {
  it('a memory leak: exactly one trigger per channel before the failure point, one resolve after recovery', async () => {
    const r = await startReceiver();
    receivers.push(r);
    // Raw samples are kept 14 days here, since the simulated days lie up to 9 days back.
    const server = await alertServer(tempDir('alerts-leak'), { channels: channelsFor(r), retention: { raw: '14d' } });
    running.push(server);
    const startS = leakStart();
    const sim = simulateScenario(server, ['--hosts', '1', '--prefix', 'leak', '--scenario', 'memory-leak', '--speed', '600', '--start', String(startS), '--batch', '12']);
    const label = await labelledFailure(sim, 'leak-0001');
    await sim.waitFor(/"connected":1/);
    const FP = 'leak-0001/memory';
    await r.until(() => Object.values(changesFor(r, FP)).every((c) => c.includes('resolved')), 220_000).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await alertTrail(server, 'leak-0001', label.failureTs)}`);
    });
    // A resolve can come before the failure (an alert that flapped): read on only once the
    // simulation is past the recovery, so the checks below see the whole episode.
    await untilFleet(server, label.recoveryTs + 600, 60_000);
    // The failure is real in the stored data: memory at the OOM line (≥ 98.5 %) around the labelled time.
    const res = await apiCall<MetricsResponse>(server, 'GET', `/hosts/leak-0001/metrics?metrics=mem.used_pct&from=${label.failureTs - 600}&to=${label.failureTs + 600}&step=10s&agg=max`);
    const m = res.body;
    expect(res.status, JSON.stringify(m).slice(0, 300)).toBe(200);
    expect(Math.max(...(m.series['mem.used_pct'] ?? []).map((v) => v ?? 0)), JSON.stringify(m).slice(0, 300)).toBeGreaterThanOrEqual(98.5);
    const failure = label.failureTs;
    const alerts = (await apiCall<AlertsResponse>(server, 'GET', '/alerts?state=resolved&host=leak-0001&kind=memory')).body.alerts.filter((a) => a.firedAt !== null);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.firedAt!).toBeLessThan(failure!);
    expect(alerts[0]!.resolvedAt!).toBeGreaterThan(failure!);
    for (const [channel, changes] of Object.entries(changesFor(r, FP))) {
      expect(changes.filter((c) => c === 'firing'), channel).toHaveLength(1);
      expect(changes.filter((c) => c === 'resolved'), channel).toHaveLength(1);
      expect(changes[0], channel).toBe('firing');
      expect(changes.at(-1), channel).toBe('resolved');
    }
    // The trigger went out before the failure point (event time of the notification).
    for (const d of delivered(r).filter((x) => x.changes.includes('firing'))) {
      const t = (d.req.json as { eventTime?: string }).eventTime;
      if (t) expect(Date.parse(t) / 1000).toBeLessThan(failure!);
    }
    checkBodies(r);
  }, 300_000);

  // The whole week takes about 10 minutes on two cores; CI runs one day of it (200 host-days) to stay
  // inside its time budget. AURA_TEST_WEEK_DAYS=7 runs the week (the figure in docs/alerts.md).
  it('200 healthy hosts over simulated days (a week with AURA_TEST_WEEK_DAYS=7): at most 0.1 false alerts per host-day', async () => {
    const r = await startReceiver();
    receivers.push(r);
    // Time compressed thousands of times: a fraction of a second of wall-clock lag in the simulator
    // or the ingest is minutes of event time, so hosts count as silent only after 6 hours here.
    const server = await alertServer(tempDir('alerts-week'), { channels: channelsFor(r), alerting: { council: { silentAfter: '6h' } } });
    running.push(server);
    const DAYS = Number(process.env.AURA_TEST_WEEK_DAYS ?? 1);
    const HOSTS = 200;
    const startS = Math.floor(Date.now() / 1000) - (DAYS + 1) * 86_400;
    // What two shared cores sustain: a sample every 5 minutes at 1000× (about 670 samples and
    // decisions a second, a week in about 10 minutes). Both can be changed for a bigger machine.
    const speed = Number(process.env.AURA_TEST_WEEK_SPEED ?? 1000);
    const interval = process.env.AURA_TEST_WEEK_INTERVAL ?? '300s';
    simulateScenario(server, ['--hosts', String(HOSTS), '--prefix', 'week', '--speed', String(speed), '--interval', interval, '--start', String(startS), '--batch', '4', '--deflate', 'off']);
    await untilFleet(server, startS + DAYS * 86_400, 60_000 + ((DAYS * 86_400) / speed) * 4000);
    const fired = (await apiCall<AlertsResponse>(server, 'GET', '/alerts?state=pending,firing,resolved&limit=1000')).body.alerts.filter((a) => a.firedAt !== null);
    const perHostDay = fired.length / (HOSTS * DAYS);
    process.stdout.write(`false alerts: ${fired.length} over ${HOSTS} hosts × ${DAYS} days = ${perHostDay.toFixed(4)} per host-day (${[...new Set(fired.map((a) => a.kind))].join(', ') || 'none'})\n`);
    expect(perHostDay).toBeLessThanOrEqual(0.1);
  }, 3_600_000);
});
