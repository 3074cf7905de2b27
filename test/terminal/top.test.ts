// `aura top` in a real pseudo-terminal (tmux) against the real server with `aura simulate`
// hosts: the live fleet table, sorting with "s", a hostile hostname shown harmlessly, q to quit,
// and --once for scripts. Skipped with a message when tmux is missing.
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchFrame, helloFrame, TestAgent } from '../../server/src/testing.js';
import { AGENT_TOKEN, API_TOKEN, Proc, SERVER_CLI, api, startServerProc, tempDir, until, type ServerProc } from '../helpers/procs.js';

const HAS_TMUX = spawnSync('sh', ['-c', 'command -v tmux'], { stdio: 'ignore' }).status === 0;
if (!HAS_TMUX) process.stderr.write('aura top terminal test skipped: tmux is missing (apt-get install tmux, or node scripts/setup.mjs --test as root)\n');
const SOCKET = `aura-top-test-${process.pid}`;
const tmux = (...args: string[]) => spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', 'top').stdout;

let server: ServerProc;
let sim: Proc;
let evil: TestAgent;

describe.skipIf(!HAS_TMUX)('aura top', () => {
  beforeAll(async () => {
    server = await startServerProc({ data: tempDir('top') });
    sim = new Proc('simulate', spawn(process.execPath, [SERVER_CLI, 'simulate', '--server', server.url, '--token', AGENT_TOKEN, '--hosts', '5', '--interval', '1s', '--batch', '1'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    evil = new TestAgent(`${server.url.replace(/^http/, 'ws')}/v1/agent`, AGENT_TOKEN);
    await evil.opened;
    const hello = helloFrame('evil-tty');
    hello.host.hostname = 'evil\x1b[2J\x1b[31mRED';
    evil.send(hello);
    await evil.expect('welcome');
    evil.send(batchFrame(1, [{ ts: Date.now() - 1000, gauges: { 'mem.used_pct': 99.5 }, counters: {} }]));
    await evil.expect('ack');
    await until('6 hosts with samples', async () => (await api<{ hosts: Array<{ lastSeen: number | null }> }>(server.url, '/api/v1/hosts')).hosts.filter((h) => h.lastSeen !== null).length === 6);
  });
  afterAll(async () => {
    tmux('kill-server');
    await evil?.close();
    await sim?.kill();
    await server?.kill();
  });

  it('shows the live fleet in a terminal, sorts with s, quits with q', async () => {
    const cmd = `${process.execPath} ${SERVER_CLI} top --server ${server.url} --token ${API_TOKEN}; echo "exit=$?"; sleep 30`;
    expect(tmux('new-session', '-d', '-s', 'top', '-x', '110', '-y', '20', cmd).status).toBe(0);
    await until('the fleet table', async () => /aura top — 6 hosts/.test(screen()), 20_000, 100);
    const first = screen();
    expect(first).toMatch(/HOST\s+STATUS\s+RISK\s+TTF\s+CPU\s+MEM\s+DISK\s+SEEN/);
    for (let i = 1; i <= 5; i++) expect(first).toContain(`sim-000${i}.sim.local`);
    // The escape sequences in the hostname were neutralised: the name is on screen as text.
    expect(first).toContain('evil?[2J?[31mRED');
    // Live: the CPU column of the simulated hosts changes as samples arrive.
    const cpuOf = (s: string) => s.split('\n').filter((l) => l.startsWith('sim-')).map((l) => l.split(/\s+/)[4]).join(',');
    await until('new values', async () => cpuOf(screen()) !== cpuOf(first), 20_000, 200);
    tmux('send-keys', '-t', 'top', 's');
    await until('sorted by risk', async () => /sort: risk/.test(screen()), 5000, 100);
    tmux('send-keys', '-t', 'top', 'q');
    await until('top exited', async () => /exit=0/.test(screen()), 5000, 100);
  });

  it('--once prints one plain table for scripts', () => {
    const r = spawnSync(process.execPath, [SERVER_CLI, 'top', '--server', server.url, '--token', API_TOKEN, '--once'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^aura top — 6 hosts/);
    expect(r.stdout).not.toContain('\x1b');
  });

  it('a wrong token exits 2 with the reason', () => {
    const r = spawnSync(process.execPath, [SERVER_CLI, 'top', '--server', server.url, '--token', 'wrong-token-0123456789', '--once'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not valid/);
  });
});
