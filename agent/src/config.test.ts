import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgentConfigError, defaultSpoolDir, loadAgentConfig } from './config.js';
import { main } from './main.js';

const TOKEN = 'a-token-of-16-chars!';
const base = ['--server', 'ws://127.0.0.1:8080', '--token', TOKEN, '--spool', '/tmp/x'];
const dir = () => mkdtempSync(join(tmpdir(), 'aura-agent-cfg-'));

function file(content: unknown, name = 'agent.json'): string {
  const p = join(dir(), name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('agent configuration', () => {
  it('has defaults for everything but the server and the token', () => {
    expect(loadAgentConfig(base, {})).toEqual({
      server: 'ws://127.0.0.1:8080',
      token: TOKEN,
      spool: '/tmp/x',
      interval: 5000,
      spoolMax: 64 * 1024 * 1024,
      batchMax: 12,
      batchDelay: 10_000,
      slowEvery: 6,
      logLevel: 'info',
      procPath: '/proc',
      sysPath: '/sys',
      once: false,
      intervalExplicit: false,
    });
  });

  it('layers flags over env over file over defaults', () => {
    const f = file({ interval: '30s', batchMax: 3, hostId: 'from-file', spoolMax: '1MiB', logLevel: 'warn' });
    const c = loadAgentConfig([...base, '--config', f, '--interval', '2s'], { AURA_INTERVAL: '10s', AURA_HOST_ID: 'from-env', AURA_LOG_LEVEL: '' });
    expect(c).toMatchObject({ interval: 2000, intervalExplicit: true, hostId: 'from-env', batchMax: 3, spoolMax: 1024 * 1024, logLevel: 'warn' });
    expect(loadAgentConfig(['--config', f], { AURA_SERVER: 'wss://m.example:443', AURA_TOKEN: TOKEN, AURA_SPOOL: '/s' })).toMatchObject({ server: 'wss://m.example:443', interval: 30_000, spool: '/s' });
    expect(loadAgentConfig(base, { AURA_CONFIG: f }).batchMax).toBe(3);
  });

  it('reads the token from a file: AURA_TOKEN_FILE, --token-file or "tokenFile"', () => {
    const t = file('secret-token-from-a-file\n', 'token');
    const args = ['--server', 'ws://h:1', '--spool', '/s'];
    expect(loadAgentConfig(args, { AURA_TOKEN_FILE: t }).token).toBe('secret-token-from-a-file');
    expect(loadAgentConfig([...args, '--token-file', t], {}).token).toBe('secret-token-from-a-file');
    expect(loadAgentConfig(args, { AURA_CONFIG: file({ tokenFile: t }) }).token).toBe('secret-token-from-a-file');
    expect(() => loadAgentConfig(args, { AURA_TOKEN: TOKEN, AURA_TOKEN_FILE: t })).toThrow('AURA_TOKEN and AURA_TOKEN_FILE: set one of them, not both');
    expect(() => loadAgentConfig(args, { AURA_TOKEN_FILE: join(dir(), 'missing') })).toThrow(/AURA_TOKEN_FILE: cannot read .*ENOENT/);
  });

  it.each([
    [['--interval', '7x'], {}, '--interval: "7x" is not a duration from 1s to 3600s (example: --interval 5s)'],
    [[], { AURA_INTERVAL: '0.5s' }, 'AURA_INTERVAL: "0.5s" is not a duration from 1s to 3600s (example: AURA_INTERVAL=5s)'],
    [['--server', 'http://x:1'], {}, '--server: must be a ws:// or wss:// URL (example: --server ws://monitor.example.com:8080)'],
    [['--token', 'short'], {}, '--token: tokens are at least 16 characters (example: AURA_TOKEN_FILE=/etc/aura/agent-token)'],
    [['--token', 'a token with spaces in it'], {}, '--token: tokens are printable ASCII without spaces'],
    [['--host-id', '../etc'], {}, /^--host-id: a host id is .* \(example: --host-id web-01\)$/],
    [['--spool-max', 'lots'], {}, '--spool-max: "lots" is not a size of at least 64KiB (example: --spool-max 64MiB)'],
    [['--batch-max', '0'], {}, /^--batch-max: .* \(example: --batch-max 12\)$/],
    [['--log-level', 'loud'], {}, /^--log-level: .* \(example: --log-level info\)$/],
    [['--bogus'], {}, /^Unknown option '--bogus'.*\(see --help\)$/],
  ] as const)('refuses %j %j with one line naming the source and an example', (extra, env, message) => {
    const run = () => loadAgentConfig([...base, ...extra], env);
    expect(run).toThrow(AgentConfigError);
    expect(run).toThrow(message);
  });

  it('names a bad file value by its key and file, a missing setting, an unknown key, and YAML', () => {
    const bad = file({ interval: 'often' });
    expect(() => loadAgentConfig([...base, '--config', bad], {})).toThrow(`"interval" in ${bad}: "often" is not a duration from 1s to 3600s (example: "interval": "5s")`);
    expect(() => loadAgentConfig(['--token', TOKEN], {})).toThrow('server is required: pass --server, or set AURA_SERVER (example: --server ws://monitor.example.com:8080)');
    expect(() => loadAgentConfig(['--server', 'ws://h:1'], {})).toThrow(/^token is required: pass --token, or set AURA_TOKEN or AURA_TOKEN_FILE/);
    expect(() => loadAgentConfig([...base, '--config', file({ sever: 'ws://typo' })], {})).toThrow(/unknown key "sever"/);
    expect(() => loadAgentConfig([...base, '--config', file('server: ws://h:1', 'agent.yaml')], {})).toThrow(/reads JSON only/);
    expect(() => loadAgentConfig([...base, '--config', file('{"server":')], {})).toThrow(/expected JSON/);
  });

  it('--once needs neither server nor token', () => {
    expect(loadAgentConfig(['--once'], {})).toMatchObject({ once: true });
  });

  it('defaults the spool to systemd\'s StateDirectory first', () => {
    expect(defaultSpoolDir({ STATE_DIRECTORY: '/var/lib/aura-agent:/var/lib/other' })).toBe('/var/lib/aura-agent');
    expect(['/var/lib/aura-agent', './aura-spool']).toContain(defaultSpoolDir({}));
  });
});

describe('main', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function captured(stream: NodeJS.WriteStream): string[] {
    const out: string[] = [];
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    return out;
  }

  it('exits 2 with exactly one line on stderr for a bad value', async () => {
    const err = captured(process.stderr);
    expect(await main([...base, '--interval', 'often'], {})).toBe(2);
    expect(err.join('').trimEnd().split('\n')).toEqual(['aura-agent: --interval: "often" is not a duration from 1s to 3600s (example: --interval 5s)']);
  });

  it('prints --help and --version and exits 0', async () => {
    const out = captured(process.stdout);
    expect(await main(['--help'], {})).toBe(0);
    expect(await main(['--version'], {})).toBe(0);
    expect(out.join('')).toMatch(/--server URL[\s\S]*--spool-max[\s\S]*aura-agent \d+\.\d+\.\d+/);
  });
});
