// aura backup during ingest, then aura restore into a new directory and a server on it: every
// sample the agents had acknowledged before the backup began is there. Real server, real agents
// (plus simulated hosts writing all the while), the real CLI.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENT_TOKEN, Proc, SERVER_CLI, api, startAgentProc, startServerProc, tempDir, type ServerProc } from '../helpers/procs.js';
import { sampledTimestamps, storedTimestamps } from '../helpers/store.js';

const running: Proc[] = [];
afterAll(async () => {
  for (const p of running.reverse()) await p.kill();
});

function cli(args: string[]): Proc {
  const p = new Proc(`aura ${args[0]}`, spawn(process.execPath, [SERVER_CLI, ...args], { env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  running.push(p);
  return p;
}

/** Sample timestamps of the batches acknowledged in `lines` (the agent's debug log up to some point). */
function ackedSamples(lines: string[]): number[] {
  const ranges = new Map<number, [number, number]>();
  const acked = new Set<number>();
  for (const l of lines) {
    if (l.includes('"msg":"spooled"')) {
      const e = JSON.parse(l) as { seq: number; firstTs: number; lastTs: number };
      ranges.set(e.seq, [e.firstTs, e.lastTs]);
    } else if (l.includes('"msg":"acked"')) acked.add((JSON.parse(l) as { seq: number }).seq);
  }
  const inAcked = (ts: number) => [...acked].some((s) => ranges.has(s) && ts >= ranges.get(s)![0] && ts <= ranges.get(s)![1]);
  return sampledTimestamps(lines).filter(inAcked);
}

describe('backup and restore of a live server', () => {
  it('a backup taken while agents stream restores to a server that holds every sample acknowledged before it began', async () => {
    const data = tempDir('bk-live');
    const server: ServerProc = await startServerProc({ data });
    running.push(server);
    const hosts = ['bk-live-1', 'bk-live-2'];
    const agents = hosts.map((h) => startAgentProc({ server: server.url, hostId: h, spool: tempDir(`spool-${h}`), args: ['--log-level', 'debug', '--batch-delay', '1s'] }));
    running.push(...agents);
    const sim = cli(['simulate', '--server', server.url, '--token', AGENT_TOKEN, '--hosts', '8', '--speed', '20', '--prefix', 'bk-sim']);
    for (const a of agents) {
      await a.waitFor(/"msg":"acked"/, 30_000);
      // A few more acks, so there is history to lose.
      await a.waitFor(/"msg":"acked","seq":3/, 30_000);
    }

    const cut = agents.map((a) => a.lines.length);
    const out = join(tempDir('bk-out'), 'backup');
    const backup = cli(['backup', out, '--data', data]);
    const done = await backup.exited;
    expect(done.code, backup.lines.join('\n')).toBe(0);
    expect(backup.lines.join('\n')).toMatch(/backup of .* complete: \d+ files/);
    const summary = JSON.parse(backup.lines.find((l) => l.startsWith('{'))!) as { files: number };
    expect(summary.files).toBeGreaterThanOrEqual(1 + hosts.length);
    // Ingest went on during and after the backup.
    for (const a of agents) await a.waitFor(/"msg":"acked"/, 30_000, a.lines.length);

    const expected = agents.map((a, i) => ackedSamples(a.lines.slice(0, cut[i])));
    for (const e of expected) expect(e.length).toBeGreaterThan(2);
    await sim.kill('SIGINT');
    for (const a of agents) await a.kill();
    await server.kill();

    const restored = tempDir('bk-restored');
    const r = cli(['restore', out, '--data', restored]);
    expect((await r.exited).code, r.lines.join('\n')).toBe(0);
    expect(r.lines.join('\n')).toMatch(/SHA-256 and integrity_check verified/);
    const again = cli(['restore', out, '--data', restored]);
    expect((await again.exited).code).toBe(1);
    expect(again.lines.join('\n')).toMatch(/is not empty: restore into an empty directory, or pass --force/);

    const server2 = await startServerProc({ data: restored });
    running.push(server2);
    const list = await api<{ hosts: Array<{ id: string }> }>(server2.url, '/api/v1/hosts');
    expect(list.hosts.map((h) => h.id)).toEqual(expect.arrayContaining([...hosts, 'bk-sim-0001']));
    await server2.kill();
    hosts.forEach((h, i) => {
      const stored = new Set(storedTimestamps(restored, h));
      const missing = expected[i]!.filter((ts) => !stored.has(ts));
      expect(missing, `${h}: acknowledged before the backup but not restored`).toEqual([]);
    });
  });

  it('the CLI names what is wrong: no data directory, a backup into a non-empty directory', async () => {
    const empty = tempDir('bk-none');
    const b = cli(['backup', join(empty, 'out'), '--data', join(empty, 'nothing')]);
    expect((await b.exited).code).toBe(2);
    expect(b.lines.join('\n')).toMatch(/no AURA data at .*nothing \(aura\.db is missing\): pass --data DIR or set AURA_DATA/);
    const data = tempDir('bk-data');
    const server = await startServerProc({ data });
    running.push(server);
    const target = tempDir('bk-full');
    writeFileSync(join(target, 'old-backup.txt'), 'keep me');
    const full = cli(['backup', target, '--data', data]);
    expect((await full.exited).code).toBe(1);
    expect(full.lines.join('\n')).toMatch(/is not empty: back up into a new directory/);
    await server.kill();
  });
});
