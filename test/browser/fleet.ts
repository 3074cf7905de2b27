/**
 * The fleet the dashboard's browser test looks at, all through real data paths: the built server
 * with two webhook channels pointing at a real HTTP receiver on loopback (one accepts, one
 * refuses with markup in its answer); `aura simulate` healthy hosts live (1 s samples); one
 * `aura simulate --scenario memory-leak` host living through two and a half hours of history
 * compressed 400 times, so it has a learned baseline, drift threshold, forecasts, a CfC
 * prediction and a firing memory alert when the browser arrives, and then runs in real time; and
 * one hostile agent (real agent protocol) whose hostname and filesystem mount are markup, pegged
 * at 99 % CPU with a long run queue, so the council raises a real alert for it with that evidence.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertsResponse, AnalysisResponse, HostSummary, Sample } from '@aura/protocol';
import { batchFrame, helloFrame, TestAgent } from '../../server/src/testing.js';
import { startReceiver, type Receiver } from '../../server/src/notify/test-receiver.js';
import { AGENT_TOKEN, Proc, SERVER_CLI, api, startServerProc, tempDir, until, type ServerProc } from '../helpers/procs.js';

export const HEALTHY = 11;
export const LEAK_HOST = 'leak-0001';
export const EVIL_HOST = 'evil-1';
/** Every host the dashboard must show. */
export const HOSTS = HEALTHY + 2;

/** Markup where an agent controls the text: its hostname (hello) and a filesystem mount (metric names). */
export const EVIL_HOSTNAME = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
/** Metric names allow no whitespace, so this markup has none. */
export const EVIL_MOUNT = '/<img/src=x/onerror=window.__xss=3>';
/** What the refusing receiver answers: it ends up in the channel's delivery error. */
export const EVIL_RECEIVER_ANSWER = '<img src=x onerror="window.__xss=4"><b>refused</b>';
export const CHANNELS = { ok: 'ops-hook', refusing: 'picky-hook' } as const;

/** Event time compression of the memory-leak host's history, and how much history it lives through. */
const LEAK_SPEED = 400;
const LEAK_HISTORY_S = 140 * 60;
/** Its failure comes 8 minutes after the history caught up with the wall clock: the alert fires during the history and is still firing while the test runs. */
const LEAK_FAILURE_AFTER = '148m';
/** The hostile host's history, sent 2 minutes at a time (each analysed before the next), then a sample every 2 s. */
const EVIL_HISTORY_S = 40 * 60;
const EVIL_STEP_S = 120;

export interface DashboardFleet {
  server: ServerProc;
  receiver: Receiver;
  stop(): Promise<void>;
}

function evilSample(tsMs: number): Sample {
  const wobble = Math.sin(tsMs / 37_000);
  return {
    ts: tsMs,
    gauges: { 'cpu.total': 99.4 + 0.4 * wobble, 'load.1': 12 + wobble, 'mem.used_pct': 50 + 2 * wobble, [`disk.${EVIL_MOUNT}.used_pct`]: 98.5, 'disk./.used_pct': 20, 'proc.count': 180 },
    counters: {},
  };
}

/** The hostile agent: history paced by the server's own analysis, then live. */
async function feedEvilHost(server: ServerProc, stopped: () => boolean): Promise<{ agent: TestAgent; live: Promise<void> }> {
  const agent = new TestAgent(`${server.url.replace(/^http/, 'ws')}/v1/agent`, AGENT_TOKEN);
  await agent.opened;
  const hello = helloFrame(EVIL_HOST);
  hello.host.hostname = EVIL_HOSTNAME;
  hello.host.cpu.cores = 2;
  hello.host.filesystems = [
    { mount: '/', fstype: 'ext4', device: '/dev/sda1', sizeBytes: 40e9 },
    { mount: EVIL_MOUNT, fstype: 'ext4', device: '/dev/sdb1', sizeBytes: 10e9 },
  ];
  agent.send(hello);
  await agent.expect('welcome');
  let seq = 0;
  const startMs = Math.floor(Date.now() / 10_000) * 10_000 - EVIL_HISTORY_S * 1000;
  for (let t = startMs; t < startMs + EVIL_HISTORY_S * 1000; t += EVIL_STEP_S * 1000) {
    const samples = Array.from({ length: EVIL_STEP_S / 10 }, (_, i) => evilSample(t + i * 10_000));
    agent.send(batchFrame(++seq, samples));
    await agent.expect('ack');
    const last = samples.at(-1)!.ts / 1000;
    // Like an agent whose samples arrive as they are taken: each window is analysed (and voted on) before the next.
    await until(`${EVIL_HOST} analysed to ${last}`, async () => ((await api<AnalysisResponse>(server.url, `/api/v1/hosts/${EVIL_HOST}/analysis`)).analysis?.ts ?? 0) >= last, 30_000, 50);
  }
  const live = (async () => {
    while (!stopped()) {
      agent.send(batchFrame(++seq, [evilSample(Date.now())]));
      await agent.expect('ack').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 2000));
    }
  })();
  return { agent, live };
}

async function firing(server: ServerProc, host: string): Promise<boolean> {
  const body = await api<AlertsResponse>(server.url, `/api/v1/alerts?state=firing&host=${host}`);
  return body.alerts.length > 0;
}

export async function startDashboardFleet(): Promise<DashboardFleet> {
  const receiver = await startReceiver();
  receiver.answer(({ path }) => (path === '/refuse' ? { status: 400, body: EVIL_RECEIVER_ANSWER } : { status: 200, body: 'ok' }));
  const data = tempDir('browser');
  const config = join(data, 'aura.json');
  writeFileSync(
    config,
    JSON.stringify({
      // The receiver is on loopback: allow exactly that address.
      allowPrivateTargets: ['127.0.0.1/32'],
      channels: [
        { name: CHANNELS.ok, type: 'webhook', url: receiver.url('/hook'), secret: 'browser-test-webhook-secret' },
        { name: CHANNELS.refusing, type: 'webhook', url: receiver.url('/refuse') },
      ],
      // The leak host starts hours behind the live hosts: do not call it silent while it catches up.
      alerting: { groupWait: '5s', council: { silentAfter: '3h' } },
    }),
  );
  const server = await startServerProc({ data: join(data, 'data'), args: ['--config', config] });
  const sim = (args: string[], name: string) => new Proc(name, spawn(process.execPath, [SERVER_CLI, 'simulate', '--server', server.url, '--token', AGENT_TOKEN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
  const healthy = sim(['--hosts', String(HEALTHY), '--interval', '1s', '--batch', '1'], 'simulate healthy');
  const leakStart = Math.floor(Date.now() / 1000) - LEAK_HISTORY_S;
  const leak = sim(['--hosts', '1', '--prefix', 'leak', '--scenario', 'memory-leak', '--failure-after', LEAK_FAILURE_AFTER, '--speed', String(LEAK_SPEED), '--interval', '10s', '--start', String(leakStart), '--status-every', '2s'], 'simulate leak');
  let stopped = false;
  const evil = await feedEvilHost(server, () => stopped);
  await until(`an alert firing for ${EVIL_HOST}`, () => firing(server, EVIL_HOST), 60_000, 200);
  await until(`${LEAK_HOST} caught up with the wall clock`, async () => {
    const { hosts } = await api<{ hosts: HostSummary[] }>(server.url, '/api/v1/hosts');
    const leakHost = hosts.find((h) => h.id === LEAK_HOST);
    return hosts.filter((h) => h.lastSeen !== null).length === HOSTS && leakHost?.lastSeen !== null && leakHost!.lastSeen! > Date.now() / 1000 - 60;
  }, 90_000, 250);
  await until(`the memory alert of ${LEAK_HOST} firing`, () => firing(server, LEAK_HOST), 60_000, 250);
  return {
    server,
    receiver,
    async stop() {
      stopped = true;
      await evil.live;
      await evil.agent.close();
      await healthy.kill();
      await leak.kill();
      await server.kill();
      await receiver.close();
    },
  };
}
