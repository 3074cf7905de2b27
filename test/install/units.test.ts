// The systemd units and the shell scripts, checked with the tools that judge them: systemd-analyze
// (verify, and security --offline for the exposure score) and shellcheck; and install-server.sh
// into a DESTDIR, which must leave nothing behind on --uninstall.
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/procs.js';
import { fakeSystemctl, has, isRoot, sh, tree, unitValue } from './helpers.js';

const UNITS = ['aura-agent.service', 'aura-server.service'];
const read = (u: string) => readFileSync(join(ROOT, 'systemd', u), 'utf8');

describe('systemd units', () => {
  it.runIf(has('systemd-analyze'))('pass systemd-analyze verify', async () => {
    for (const u of UNITS) {
      const r = await sh(`systemd-analyze verify ${join(ROOT, 'systemd', u)}`, { PATH: process.env.PATH });
      expect(r.stdout + r.stderr, u).toBe('');
      expect(r.status, u).toBe(0);
    }
  });

  it.runIf(has('systemd-analyze'))('score as well sandboxed in systemd-analyze security (exposure ≤ 2.0 of 10)', async () => {
    for (const u of UNITS) {
      const r = await sh(`systemd-analyze security --offline=true --no-pager ${join(ROOT, 'systemd', u)}`, { PATH: process.env.PATH });
      const score = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(r.stdout)?.[1]);
      expect(score, `${u}: ${r.stdout.slice(-300)}`).toBeLessThanOrEqual(2.0);
    }
  });

  it('are unprivileged and sandboxed, keep state in StateDirectory, and the agent stops on exits a restart cannot fix', () => {
    for (const u of UNITS) {
      const unit = read(u);
      for (const [k, v] of [
        ['NoNewPrivileges', 'yes'],
        ['ProtectSystem', 'strict'],
        ['PrivateTmp', 'yes'],
        ['CapabilityBoundingSet', ''],
        ['Restart', 'on-failure'],
      ]) expect(unitValue(unit, k!), `${u} ${k}`).toBe(v);
      expect(unitValue(unit, 'User'), u).toMatch(/^aura/);
      expect(unitValue(unit, 'RestrictAddressFamilies'), u).toMatch(/^AF_INET AF_INET6 AF_UNIX/);
      expect(unit, u).toMatch(/^SystemCallFilter=@system-service$/m);
      expect(unitValue(unit, 'ProtectHome'), u).toMatch(/^(yes|read-only)$/);
      // Logs go to the journal: nothing redirects them.
      expect(unitValue(unit, 'StandardOutput'), u).toBeUndefined();
    }
    const agent = read('aura-agent.service');
    expect(unitValue(agent, 'StateDirectory')).toBe('aura-agent');
    expect(unitValue(agent, 'RestartPreventExitStatus')!.split(' ')).toContain('3');
    expect(unitValue(agent, 'MemoryMax')).toBe('128M');
    expect(unitValue(agent, 'EnvironmentFile')).toBe('/etc/aura/agent.env');
    const server = read('aura-server.service');
    expect(unitValue(server, 'StateDirectory')).toBe('aura');
    expect(unitValue(server, 'ExecStart')).toMatch(/ serve --data \/var\/lib\/aura$/);
    expect(unitValue(server, 'LimitNOFILE')).toBe('65536');
  });
});

describe('shell scripts', () => {
  it.runIf(has('shellcheck'))('are POSIX sh and shellcheck-clean', async () => {
    for (const s of ['install/install.sh', 'install/install-server.sh']) {
      const r = await sh(`shellcheck --shell=sh --severity=style ${join(ROOT, s)}`, { PATH: process.env.PATH });
      expect(r.stdout + r.stderr, s).toBe('');
      expect(r.status, s).toBe(0);
    }
  });

  it.runIf(isRoot)('install-server.sh stages the unit, server.env and the aura command into a DESTDIR; --uninstall removes them', async () => {
    const dest = tempDir('destdir-server');
    chmodSync(dest, 0o755);
    const sc = fakeSystemctl();
    const env = { PATH: `${sc.bin}:${process.env.PATH}`, SYSTEMCTL_LOG: sc.log, DESTDIR: dest };
    const r = await sh(`${join(ROOT, 'install/install-server.sh')} --port 9090`, env);
    expect(r.status, r.stderr).toBe(0);
    expect(tree(dest).filter((e) => e.type === 'file').map((f) => [f.path, f.mode, f.uid])).toEqual([
      ['etc/aura/server.env', '0640', 0],
      ['etc/systemd/system/aura-server.service', '0644', 0],
      ['usr/local/bin/aura', '0755', 0],
    ]);
    const unit = readFileSync(join(dest, 'etc/systemd/system/aura-server.service'), 'utf8');
    expect(unitValue(unit, 'ExecStart')).toBe(`${process.execPath} ${join(ROOT, 'server/dist/cli.js')} serve --data /var/lib/aura`);
    expect(readFileSync(join(dest, 'etc/aura/server.env'), 'utf8')).toMatch(/^AURA_PORT=9090$/m);
    if (has('systemd-analyze')) {
      const v = await sh(`systemd-analyze verify ${join(dest, 'etc/systemd/system/aura-server.service')}`, { PATH: process.env.PATH });
      expect(v.stdout + v.stderr).toBe('');
    }
    // The installed command is the CLI.
    const version = await sh(`${join(dest, 'usr/local/bin/aura')} version`, { PATH: process.env.PATH });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    const again = await sh(`${join(ROOT, 'install/install-server.sh')}`, env);
    expect(again.stderr).toMatch(/upgrading: keeping \/etc\/aura\/server\.env/);
    const un = await sh(`${join(ROOT, 'install/install-server.sh')} --uninstall`, env);
    expect(un.status, un.stderr).toBe(0);
    expect(tree(dest)).toEqual([]);
    expect(sc.calls()).toEqual([`--root=${dest} enable aura-server.service`, `--root=${dest} enable aura-server.service`, `--root=${dest} disable aura-server.service`]);
  });
});
