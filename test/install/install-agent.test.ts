// install/install.sh as a host runs it (curl … | sh) against a real server process, into a DESTDIR,
// with a systemctl that records its calls (systemd is not PID 1 on build machines); then the
// installed agent is started the way its unit would start it, and its samples must arrive.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_BUNDLE, AGENT_TOKEN, Proc, ROOT, api, freePort, startServerProc, tempDir, until, type ServerProc } from '../helpers/procs.js';
import { STANDALONE, ensureStandalone, fakeSystemctl, has, isRoot, mkdirOwned, parseEnvFile, sh, tree, unitValue } from './helpers.js';

const NOBODY = 65534;
let server: ServerProc;
const procs: Proc[] = [];

beforeAll(async () => {
  ensureStandalone();
  server = await startServerProc({ data: tempDir('install-data') });
});
afterAll(async () => {
  for (const p of procs) await p.kill();
  await server?.kill();
});

function installer(args: string, destdir: string, systemctl: { bin: string; log: string }, extraEnv: Record<string, string> = {}) {
  return sh(`curl -fsSL ${server.url}/install.sh | sh -s -- ${args}`, {
    PATH: `${systemctl.bin}:${process.env.PATH}`,
    SYSTEMCTL_LOG: systemctl.log,
    DESTDIR: destdir,
    ...extraEnv,
  });
}

describe.runIf(isRoot && has('curl'))('install.sh', () => {
  it('/install.sh is served with this server\'s URL and the SHA-256 of each download', async () => {
    const script = await (await fetch(`${server.url}/install.sh`)).text();
    expect(script).toContain(`AURA_DEFAULT_SERVER='${server.url}'`);
    const sums = /^AURA_SUMS='([^']*)'/m.exec(script)![1]!;
    expect(sums).toMatch(/^[0-9a-f]{64} {2}aura-agent\.cjs$/m);
    expect(sums).toMatch(/^[0-9a-f]{64} {2}aura-agent\.service$/m);
    expect(sums).toMatch(new RegExp(`^[0-9a-f]{64} {2}aura-agent-linux-${process.arch}$`, 'm'));
    expect((await fetch(`${server.url}/download/aura-agent.cjs`)).status).toBe(401);
  });

  it('lays down the agent, env file and unit with the right owners and modes; the installed agent streams; upgrade keeps the settings; --uninstall leaves nothing', async () => {
    const dest = tempDir('destdir');
    chmodSync(dest, 0o755);
    const sc = fakeSystemctl();
    const r = await installer(`--token ${AGENT_TOKEN}`, dest, sc);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/SHA-256 verified/);

    const files = tree(dest).filter((e) => e.type === 'file');
    expect(files.map((f) => [f.path, f.mode, f.uid, f.gid])).toEqual([
      ['etc/aura/agent.env', '0600', 0, 0],
      ['etc/systemd/system/aura-agent.service', '0644', 0, 0],
      ['usr/local/lib/aura-agent/aura-agent.cjs', '0644', 0, 0],
    ]);
    expect(tree(dest).every((e) => e.type !== 'link')).toBe(true);
    expect(readFileSync(join(dest, 'usr/local/lib/aura-agent/aura-agent.cjs')).equals(readFileSync(AGENT_BUNDLE))).toBe(true);
    const env = parseEnvFile(readFileSync(join(dest, 'etc/aura/agent.env'), 'utf8'));
    expect(env).toEqual({ AURA_SERVER: server.url.replace(/^http/, 'ws'), AURA_TOKEN: AGENT_TOKEN });

    // The unit is the repository's, with ExecStart pointing at what was installed.
    const unit = readFileSync(join(dest, 'etc/systemd/system/aura-agent.service'), 'utf8');
    const repoUnit = readFileSync(join(ROOT, 'systemd/aura-agent.service'), 'utf8');
    const exec = unitValue(unit, 'ExecStart')!;
    expect(exec).toMatch(/^\/\S*node \/usr\/local\/lib\/aura-agent\/aura-agent\.cjs$/);
    expect(unit.replace(/^ExecStart=.*$/m, '')).toBe(repoUnit.replace(/^ExecStart=.*$/m, ''));
    expect(sc.calls()).toEqual([`--root=${dest} enable aura-agent.service`]);
    if (has('systemd-analyze')) {
      const v = await sh(`systemd-analyze verify ${join(dest, 'etc/systemd/system/aura-agent.service')}`, { PATH: process.env.PATH });
      expect(v.stderr + v.stdout).toBe('');
    }

    // Start it as systemd would: the unit's ExecStart, its EnvironmentFile, its StateDirectory, its user.
    const stateRoot = tempDir('state');
    chmodSync(stateRoot, 0o755);
    const spool = mkdirOwned(join(stateRoot, 'aura-agent'), NOBODY);
    const [cmd, ...args] = exec.split(' ').map((a) => (a.startsWith('/usr/local/lib/aura-agent/') ? join(dest, a) : a));
    // The unit's environment is only what systemd gives it: no PATH, so setpriv by its full path.
    const child = spawn('/usr/bin/setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', cmd!, ...args], {
      env: { ...env, STATE_DIRECTORY: spool },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const agent = new Proc('installed agent', child);
    procs.push(agent);
    const connected = await agent.waitFor(/"msg":"connected"/, 30_000);
    const hostId = (JSON.parse(connected) as { hostId: string }).hostId;
    const m = await until(
      'samples of the installed agent in the API',
      async () => {
        const body = await api<{ timestamps: number[]; series: Record<string, Array<number | null>> }>(server.url, `/api/v1/hosts/${hostId}/metrics?metrics=cpu.total,mem.used_pct&step=1s`);
        return body.series['mem.used_pct']?.some((v) => v !== null) ? body : undefined;
      },
      60_000,
    );
    expect(m.timestamps.length).toBeGreaterThan(0);
    await agent.kill();
    expect(existsSync(join(spool, 'instance.json'))).toBe(true);

    // Again, without a token: an upgrade, which keeps agent.env as it is.
    const before = readFileSync(join(dest, 'etc/aura/agent.env'), 'utf8');
    const up = await installer('', dest, sc);
    expect(up.status, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/upgrading: keeping the token/);
    expect(readFileSync(join(dest, 'etc/aura/agent.env'), 'utf8')).toBe(before);

    // A dry run changes nothing.
    const snapshot = JSON.stringify(tree(dest));
    const dry = await installer('--uninstall --dry-run', dest, sc);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/would run: rm -f .*agent\.env/);
    expect(JSON.stringify(tree(dest))).toBe(snapshot);

    const un = await installer('--uninstall', dest, sc);
    expect(un.status, un.stderr).toBe(0);
    expect(tree(dest)).toEqual([]);
    expect(sc.calls()).toEqual([`--root=${dest} enable aura-agent.service`, `--root=${dest} enable aura-agent.service`, `--root=${dest} disable aura-agent.service`]);
  });

  it('--standalone installs the single executable, which runs --once with no Node anywhere on PATH', async () => {
    const dest = tempDir('destdir-sea');
    const sc = fakeSystemctl();
    const r = await installer(`--token ${AGENT_TOKEN} --standalone --prefix /opt/aura-agent`, dest, sc);
    expect(r.status, r.stderr).toBe(0);
    const bin = join(dest, 'opt/aura-agent/lib/aura-agent/aura-agent');
    expect(tree(dest).filter((e) => e.type === 'file').map((f) => [f.path, f.mode])).toContainEqual(['opt/aura-agent/lib/aura-agent/aura-agent', '0755']);
    expect(readFileSync(bin).equals(readFileSync(STANDALONE))).toBe(true);
    const unit = readFileSync(join(dest, 'etc/systemd/system/aura-agent.service'), 'utf8');
    expect(unitValue(unit, 'ExecStart')).toBe('/opt/aura-agent/lib/aura-agent/aura-agent');

    const once = await sh(`${bin} --once`, {});
    expect(once.status, once.stderr).toBe(0);
    const sample = JSON.parse(once.stdout) as { metrics: Record<string, number> };
    expect(sample.metrics['mem.used_pct']).toBeTypeOf('number');
    expect(sample.metrics['cpu.total']).toBeTypeOf('number');

    expect((await installer('--uninstall --prefix /opt/aura-agent', dest, sc)).status).toBe(0);
    expect(tree(dest)).toEqual([]);
  });

  it('stops with a clear error, before changing anything, on a bad token, an unreachable server, a changed download, no root or no systemd', async () => {
    const sc = fakeSystemctl();
    const dest = tempDir('destdir-bad');
    const bad = await installer('--token not-the-agent-token-at-all', dest, sc);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/error: the server refused the agent token \(HTTP 401\)/);

    const port = await freePort();
    const down = await installer(`--token ${AGENT_TOKEN} --server http://127.0.0.1:${port}`, dest, sc);
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(new RegExp(`error: cannot reach the AURA server at http://127.0.0.1:${port}`));

    // The published SHA-256 no longer matches what the server hands out.
    const tampered = await sh(
      `curl -fsSL ${server.url}/install.sh | sed 's/^AURA_SUMS=.[0-9a-f]*  aura-agent.cjs/AURA_SUMS='"'"'${'0'.repeat(64)}  aura-agent.cjs/' | sh -s -- --token ${AGENT_TOKEN}`,
      { PATH: `${sc.bin}:${process.env.PATH}`, SYSTEMCTL_LOG: sc.log, DESTDIR: dest },
    );
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toMatch(/error: checksum mismatch for aura-agent\.cjs/);

    const script = join(tempDir('script'), 'install.sh');
    await sh(`curl -fsSL ${server.url}/install.sh -o ${script} && chmod 755 ${script} && chmod 755 $(dirname ${script})`, { PATH: process.env.PATH });
    const notRoot = await sh(`sh ${script} --token ${AGENT_TOKEN}`, { PATH: process.env.PATH }, { uid: NOBODY });
    expect(notRoot.status).toBe(1);
    expect(notRoot.stderr).toMatch(/error: this installer must run as root/);
    if (!existsSync('/run/systemd/system')) {
      const noSystemd = await sh(`sh ${script} --token ${AGENT_TOKEN}`, { PATH: process.env.PATH });
      expect(noSystemd.status).toBe(1);
      expect(noSystemd.stderr).toMatch(/error: systemd is not running on this host/);
    }
    const usage = await sh(`sh ${script} --frobnicate`, { PATH: process.env.PATH });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/unknown option "--frobnicate"/);

    // A dry run checks the server and the token, prints each command, and changes nothing.
    const dry = await installer(`--token ${AGENT_TOKEN} --dry-run`, dest, sc);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stderr).toMatch(/would run: cp \S+ \S+\/usr\/local\/lib\/aura-agent\/aura-agent\.cjs\.new/);
    expect(dry.stderr).toMatch(/would run: systemctl --root=\S+ enable aura-agent\.service/);
    expect(dry.stderr).toMatch(/dry run: nothing was changed/);

    expect(tree(dest)).toEqual([]);
    expect(sc.calls()).toEqual([]);
  });
});
