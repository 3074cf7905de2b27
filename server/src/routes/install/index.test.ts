import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_TOKEN, API_TOKEN, startTestServer, tempDir, type TestServer } from '../../testing.js';
import { locateInstallFiles, renderInstallScript, sha256Sums } from './index.js';

let t: TestServer | undefined;
const dirs: Array<{ remove(): void }> = [];
afterEach(async () => {
  await t?.stop();
  t = undefined;
  for (const d of dirs.splice(0)) d.remove();
});

/** An installation root with its own install.sh, unit and agent files. */
function fakeRoot(): string {
  const d = tempDir('aura-install-root-');
  dirs.push(d);
  mkdirSync(join(d.dir, 'install'));
  mkdirSync(join(d.dir, 'systemd'));
  mkdirSync(join(d.dir, 'agent/dist'), { recursive: true });
  writeFileSync(join(d.dir, 'install/install.sh'), "#!/bin/sh\nAURA_DEFAULT_SERVER=''\nAURA_SUMS=''\necho ok\n");
  writeFileSync(join(d.dir, 'systemd/aura-agent.service'), '[Service]\nExecStart=/bin/true\n');
  writeFileSync(join(d.dir, 'agent/dist/aura-agent.cjs'), 'console.log("agent")\n');
  return d.dir;
}

describe('install routes', () => {
  it('renderInstallScript fills in the origin and sums, and writes no Host header it cannot trust into a shell script', () => {
    const sums = `${'a'.repeat(64)}  aura-agent.cjs\n`;
    expect(renderInstallScript("AURA_DEFAULT_SERVER=''\nAURA_SUMS=''\n", 'http://10.0.0.5:8080', sums)).toBe(`AURA_DEFAULT_SERVER='http://10.0.0.5:8080'\nAURA_SUMS='${sums}'\n`);
    expect(renderInstallScript("AURA_DEFAULT_SERVER=''\n", 'http://[::1]:8080', '')).toContain("AURA_DEFAULT_SERVER='http://[::1]:8080'");
    for (const evil of ["http://x';rm -rf /;'", 'http://a b', 'file:///etc/passwd', 'http://host:8080/path$(id)']) {
      expect(renderInstallScript("AURA_DEFAULT_SERVER=''\n", evil, ''), evil).toBe("AURA_DEFAULT_SERVER=''\n");
    }
  });

  it('serves install.sh to anyone and the downloads only with the agent token', async () => {
    const root = fakeRoot();
    expect(sha256Sums(locateInstallFiles({ root }))).toMatch(/^[0-9a-f]{64} {2}aura-agent\.cjs\n[0-9a-f]{64} {2}aura-agent\.service\n$/);
    // The server's agent files come from agentDir; install.sh and the unit from this installation.
    t = await startTestServer({ publicUrl: 'https://aura.example.com', agentDir: join(root, 'agent/dist') });
    // server.url is the public URL; requests go to the loopback port.
    const base = `http://127.0.0.1:${t.server.port}`;
    const get = (path: string, token: string | null) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    const script = await (await get('/install.sh', null)).text();
    expect(script).toContain("AURA_DEFAULT_SERVER='https://aura.example.com'");
    expect(script).toMatch(/^AURA_SUMS='[0-9a-f]{64} {2}aura-agent\.cjs$/m);

    expect((await get('/download/aura-agent.cjs', null)).status).toBe(401);
    expect((await get('/download/aura-agent.cjs', API_TOKEN)).status).toBe(401);
    const ok = await get('/download/aura-agent.cjs', AGENT_TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('console.log("agent")\n');
    const sumsRes = await get('/download/SHA256SUMS', AGENT_TOKEN);
    expect(await sumsRes.text()).toMatch(/ {2}aura-agent\.cjs$/m);
    const missing = await get('/download/aura-agent-linux-arm64', AGENT_TOKEN);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/no standalone agent for that architecture/);
    const unknown = await get('/download/..%2F..%2Fetc%2Fpasswd', AGENT_TOKEN);
    expect(unknown.status).toBe(404);
  });
});
