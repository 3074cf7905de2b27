// Crashes, outages and restarts with the real server process and real agent bundles:
// every sample an agent took must end up stored exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { Proc, startAgentProc, startServerProc, tempDir, type ServerProc } from '../helpers/procs.js';
import { sampledTimestamps, storedTimestamps } from '../helpers/store.js';

const running: Proc[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) await p.kill('SIGKILL');
});

function agent(server: ServerProc, hostId: string, spool: string, extra: string[] = []): Proc {
  const p = startAgentProc({ server: server.url, hostId, spool, args: ['--log-level', 'debug', '--batch-delay', '2s', ...extra] });
  running.push(p);
  return p;
}

async function serverOn(data: string, port?: number): Promise<ServerProc> {
  const s = await startServerProc({ data, ...(port ? { port } : {}) });
  running.push(s);
  return s;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Stop agents gracefully (they flush and wait for acks), then the server; compare logs with files. */
async function expectExactlyOnce(server: ServerProc, agents: Array<[string, Proc]>): Promise<void> {
  for (const [, a] of agents) await a.kill('SIGTERM');
  await server.kill('SIGTERM');
  for (const [id, a] of agents) {
    const taken = sampledTimestamps(a.lines);
    const stored = storedTimestamps(server.data, id);
    expect(taken.length, `${id} took samples`).toBeGreaterThan(3);
    expect(stored, `${id}: stored = taken, each once`).toEqual([...taken].sort((x, y) => x - y));
  }
}

describe('restarts and outages', () => {
  it('kill -9 of the server while 3 agents stream: after a restart every sample is stored exactly once', async () => {
    const data = tempDir('chaos-kill');
    let server = await serverOn(data);
    const agents = ['kill-a', 'kill-b', 'kill-c'].map((id) => [id, agent(server, id, tempDir(`spool-${id}`))] as [string, Proc]);
    for (const [, a] of agents) await a.waitFor(/"msg":"connected"/);
    await sleep(4000);
    await server.kill('SIGKILL');
    const from = agents.map(([, a]) => a.lines.length);
    await sleep(3000);
    server = await serverOn(data, server.port);
    await Promise.all(agents.map(([, a], i) => a.waitFor(/"msg":"connected"/, 90_000, from[i])));
    await sleep(3000);
    await expectExactlyOnce(server, agents);
  });

  it('the server is down for half a minute: the agents spool and replay everything', async () => {
    const data = tempDir('chaos-outage');
    let server = await serverOn(data);
    const a = agent(server, 'outage-a', tempDir('spool-outage'));
    await a.waitFor(/"msg":"connected"/);
    await sleep(2000);
    await server.kill('SIGTERM');
    await sleep(30_000);
    const spooledDuring = sampledTimestamps(a.lines).length;
    server = await serverOn(data, server.port);
    const from = a.lines.length;
    const line = await a.waitFor(/"msg":"connected"/, 90_000, from);
    expect((JSON.parse(line) as { spooled: number }).spooled).toBeGreaterThan(10);
    await sleep(3000);
    expect(spooledDuring).toBeGreaterThan(25);
    await expectExactlyOnce(server, [['outage-a', a]]);
  });

  it('an agent killed with -9 while the server is away resumes from its spool', async () => {
    const data = tempDir('chaos-agent');
    let server = await serverOn(data);
    const spool = tempDir('spool-restart');
    // --batch-max 1: every sample is spooled as soon as it is taken, so kill -9 loses none.
    const first = agent(server, 'restart-a', spool, ['--batch-max', '1']);
    await first.waitFor(/"msg":"connected"/);
    await sleep(2000);
    await server.kill('SIGTERM');
    await sleep(5000);
    await first.kill('SIGKILL');
    server = await serverOn(data, server.port);
    const second = agent(server, 'restart-a', spool, ['--batch-max', '1']);
    const hello = await second.waitFor(/"msg":"agent starting"/);
    expect((JSON.parse(hello) as { spooled: number }).spooled).toBeGreaterThanOrEqual(3);
    await second.waitFor(/"msg":"connected"/, 60_000);
    await sleep(3000);
    await second.kill('SIGTERM');
    await server.kill('SIGTERM');
    const taken = [...sampledTimestamps(first.lines), ...sampledTimestamps(second.lines)].sort((x, y) => x - y);
    expect(storedTimestamps(data, 'restart-a')).toEqual(taken);
  });
});
