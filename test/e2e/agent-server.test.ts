// The real agent bundle against the real server process over loopback.
import { copyFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_BUNDLE, API_TOKEN, Proc, api, startAgentProc, startServerProc, tempDir, until, type ServerProc } from '../helpers/procs.js';

describe('agent → server → API', () => {
  let server: ServerProc;
  const agents: Proc[] = [];
  beforeAll(async () => {
    server = await startServerProc({ data: tempDir('e2e-data') });
  });
  afterAll(async () => {
    for (const a of agents) await a.kill();
    await server?.kill();
  });

  it('the bundle runs alone (no node_modules beside it) and --once prints one full sample', () => {
    const dir = tempDir('bundle');
    mkdirSync(dir, { recursive: true });
    copyFileSync(AGENT_BUNDLE, join(dir, 'aura-agent.cjs'));
    const r = spawnSync(process.execPath, ['aura-agent.cjs', '--once'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(r.status, r.stderr).toBe(0);
    const sample = JSON.parse(r.stdout) as { ts: number; host: { hostname: string; machineId: string }; metrics: Record<string, number> };
    for (const m of ['cpu.total', 'cpu.user', 'cpu.system', 'cpu.iowait', 'cpu.steal', 'load.1', 'load.5', 'load.15', 'mem.used_pct', 'mem.available_bytes', 'swap.used_pct', 'disk./.used_pct', 'disk./.inodes_used_pct', 'tcp.established', 'proc.count', 'uptime.seconds']) {
      expect(sample.metrics[m], m).toBeTypeOf('number');
    }
    expect(Object.keys(sample.metrics).some((k) => /^net\..+\.rx_bps$/.test(k))).toBe(true);
    expect(Object.keys(sample.metrics).some((k) => /^diskio\..+\.write_bps$/.test(k))).toBe(true);
    expect(sample.host.hostname.length).toBeGreaterThan(0);
  });

  it('a bad flag prints one line naming it and exits 2', () => {
    const r = spawnSync(process.execPath, [AGENT_BUNDLE, '--server', 'ws://127.0.0.1:1', '--token', 'x'.repeat(20), '--interval', 'often'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/interval: "often" is not a duration/);
  });

  it('streams this host; the API returns its recent metrics and the agent\'s own cost', async () => {
    const agent = startAgentProc({ server: server.url, hostId: 'e2e-local', spool: tempDir('spool'), args: ['--batch-delay', '1s'] });
    agents.push(agent);
    await agent.waitFor(/"msg":"connected"/);
    const hosts = await until('the host in /api/v1/hosts', async () => {
      const r = await api<{ hosts: Array<{ id: string; connected: boolean; lastSeen: number | null }> }>(server.url, '/api/v1/hosts');
      return r.hosts.find((h) => h.id === 'e2e-local' && h.lastSeen !== null) ? r : undefined;
    });
    expect(hosts.hosts.find((h) => h.id === 'e2e-local')!.connected).toBe(true);
    const m = await until('cpu.total and the agent metrics', async () => {
      const r = await api<{ timestamps: number[]; series: Record<string, Array<number | null>> }>(
        server.url,
        '/api/v1/hosts/e2e-local/metrics?metrics=cpu.total,mem.used_pct,agent.rss_bytes,agent.cpu_pct,agent.collector.*&step=1s',
      );
      return r.series['cpu.total']?.some((v) => v !== null) && r.series['agent.cpu_pct'] ? r : undefined;
    });
    expect(m.timestamps.length).toBeGreaterThan(1);
    expect(m.timestamps.every((t) => t > 1.7e9 && t < 1e10)).toBe(true);
    const rss = m.series['agent.rss_bytes']!.filter((v): v is number => v !== null);
    expect(rss.at(-1)).toBeGreaterThan(10e6);
    expect(Object.keys(m.series).some((k) => k.startsWith('agent.collector.cpu.duration_ms'))).toBe(true);
  });

  it('an agent with a wrong token is refused at the upgrade and says so', async () => {
    const agent = startAgentProc({ server: server.url, hostId: 'e2e-bad-token', spool: tempDir('spool'), env: { AURA_TOKEN: 'not-the-right-token-at-all' } });
    agents.push(agent);
    await agent.waitFor(/refused the agent token \(HTTP 401\)/);
    await agent.kill();
    const r = await fetch(`${server.url}/api/v1/hosts`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    const body = (await r.json()) as { hosts: Array<{ id: string }> };
    expect(body.hosts.map((h) => h.id)).not.toContain('e2e-bad-token');
  });
});
