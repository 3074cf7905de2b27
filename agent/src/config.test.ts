import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentConfigError, loadAgentConfig } from './config.js';

const base = ['--server', 'ws://127.0.0.1:8080', '--token', 'a-token-of-16-chars!', '--spool', '/tmp/x'];

describe('agent configuration', () => {
  it('defaults, and flags over env over file', () => {
    const d = mkdtempSync(join(tmpdir(), 'aura-agent-cfg-'));
    const file = join(d, 'agent.json');
    writeFileSync(file, JSON.stringify({ interval: '30s', batchMax: 3, hostId: 'from-file' }));
    const c = loadAgentConfig([...base, '--config', file, '--interval', '2s'], { AURA_INTERVAL: '10s', AURA_HOST_ID: 'from-env' });
    expect(c.interval).toBe(2000);
    expect(c.intervalExplicit).toBe(true);
    expect(c.hostId).toBe('from-env');
    expect(c.batchMax).toBe(3);
    expect(c.spoolMax).toBe(64 * 1024 * 1024);
    expect(loadAgentConfig(base, {}).intervalExplicit).toBe(false);
  });

  it('reads the token from AURA_TOKEN_FILE', () => {
    const d = mkdtempSync(join(tmpdir(), 'aura-agent-cfg-'));
    writeFileSync(join(d, 't'), 'secret-token-from-a-file\n');
    const c = loadAgentConfig(['--server', 'ws://h:1', '--spool', d], { AURA_TOKEN_FILE: join(d, 't') });
    expect(c.token).toBe('secret-token-from-a-file');
  });

  it.each([
    [['--interval', '7x'], /interval: "7x" is not a duration.*\(example: 5s\)/],
    [['--server', 'http://x'], /server: must be a ws:\/\/ or wss:\/\/ URL/],
    [['--host-id', '../etc'], /hostId:/],
    [['--spool-max', 'lots'], /spoolMax: "lots" is not a size/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with one line naming the key', (extra, re) => {
    expect(() => loadAgentConfig([...base, ...extra], {})).toThrow(AgentConfigError);
    expect(() => loadAgentConfig([...base, ...extra], {})).toThrow(re);
  });

  it('names a missing server and an unknown file key', () => {
    expect(() => loadAgentConfig(['--token', 'a-token-of-16-chars!'], {})).toThrow(/server: is required/);
    const d = mkdtempSync(join(tmpdir(), 'aura-agent-cfg-'));
    writeFileSync(join(d, 'c.json'), '{"sever":"ws://typo"}');
    expect(() => loadAgentConfig([...base, '--config', join(d, 'c.json')], {})).toThrow(/unknown key "sever"/);
  });
});
