// The data directory fills up (a real tmpfs of a few hundred KiB): the server says so clearly,
// acks nothing it could not commit, and once there is room again every sample arrives, once.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Proc, startAgentProc, startServerProc, tempDir, type ServerProc } from '../helpers/procs.js';
import { sampledTimestamps, storedTimestamps } from '../helpers/store.js';

const mountPoint = tempDir('diskfull');
const mounted = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', mountPoint]).status === 0;
if (!mounted) console.warn('disk-full test skipped: needs root and tmpfs mounts (CI runs as root)');

const procs: Proc[] = [];
afterAll(async () => {
  for (const p of procs) await p.kill('SIGKILL');
  if (mounted) spawnSync('umount', ['-l', mountPoint]);
});

describe.skipIf(!mounted)('disk full', () => {
  it('gives a clear error, loses no acked sample, and catches up when space returns', async () => {
    const data = `${mountPoint}/data`;
    mkdirSync(data);
    const server: ServerProc = await startServerProc({ data });
    procs.push(server);
    const agent = startAgentProc({ server: server.url, hostId: 'full-a', spool: tempDir('spool-full'), args: ['--log-level', 'debug', '--batch-max', '1'] });
    procs.push(agent);
    await agent.waitFor(/"msg":"connected"/);
    const serverLine = await server.waitFor(/store cannot write/, 120_000);
    expect(serverLine).toMatch(/SQLITE_FULL|disk is full|database or disk is full/i);
    await agent.waitFor(/store_unavailable/, 30_000);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    // Room again: the agent's next reconnect succeeds and its spool drains.
    expect(spawnSync('mount', ['-o', 'remount,size=64m', mountPoint]).status).toBe(0);
    const from = agent.lines.length;
    await agent.waitFor(/"msg":"connected"/, 90_000, from);
    await new Promise((r) => setTimeout(r, 4000));
    await agent.kill('SIGTERM');
    await server.kill('SIGTERM');
    const taken = sampledTimestamps(agent.lines);
    expect(storedTimestamps(data, 'full-a')).toEqual(taken);
  });
});
