import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing.js';
import { ConfigError, loadServerConfig } from './index.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('aura-config-');
});
afterEach(() => tmp.remove());

function file(name: string, text: string): string {
  const p = join(tmp.dir, name);
  writeFileSync(p, text);
  return p;
}

/** The ConfigError's message, failing the test if something else (or nothing) is thrown. */
function configError(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): string {
  try {
    loadServerConfig(flags, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error('expected a ConfigError');
}

const DAY = 86_400_000;

describe('loadServerConfig', () => {
  it('has the documented defaults', () => {
    expect(loadServerConfig({}, {})).toEqual({
      port: 8080,
      bind: '0.0.0.0',
      data: './data',
      logLevel: 'info',
      retention: { raw: 7 * DAY, minute: 90 * DAY, hour: 730 * DAY },
      store: { maxOpenHosts: 10_000 },
      agents: { interval: 5000, maxFrameBytes: 4 * 1024 * 1024, helloTimeout: 30_000, maxFutureSkew: 300_000 },
      rateLimit: { perToken: { rps: 50, burst: 200 }, perAddress: { rps: 5, burst: 20 } },
      analysis: { enabled: true, workers: 0, step: 60_000, window: 600_000, maxPoints: 60, batch: 32, queue: 4 },
      channels: [],
      allowPrivateTargets: false,
      metrics: { public: false, maxHosts: 1000 },
      alerting: {
        alertAt: 'warning',
        groupWait: 30_000,
        groupInterval: 300_000,
        repeatInterval: 4 * 3_600_000,
        retention: 90 * DAY,
        council: {},
        delivery: { timeout: 10_000, maxAge: DAY, backoff: { initial: 1000, max: 300_000 }, breaker: { failures: 5, cooldown: 30_000, maxCooldown: 600_000 }, concurrency: 4 },
      },
    });
  });

  it('refuses an analysis step or window too short to mean anything, naming the key', () => {
    expect(() => loadServerConfig({}, { AURA_CONFIG: file('s.json', '{"analysis":{"step":"500ms"}}') })).toThrow(/analysis\.step: the analysis step is at least 1s \(example: 1m\)/);
    expect(() => loadServerConfig({}, { AURA_CONFIG: file('w.json', '{"analysis":{"window":"5s"}}') })).toThrow(/analysis\.window: an analysis window covers at least 10s/);
    expect(loadServerConfig({}, { AURA_CONFIG: file('ok.json', '{"analysis":{"workers":3,"step":"30s"}}') }).analysis).toMatchObject({ workers: 3, step: 30_000 });
  });

  it('precedence: file < env < flags, key by key', () => {
    const cfg = file('aura.json', JSON.stringify({ port: 1111, data: '/from/file', bind: '127.0.0.1', retention: { raw: '3d' } }));
    const env = { AURA_CONFIG: cfg, AURA_PORT: '2222', AURA_DATA: '/from/env' };
    expect(loadServerConfig({}, env)).toMatchObject({ port: 2222, data: '/from/env', bind: '127.0.0.1', retention: { raw: 3 * DAY, minute: 90 * DAY } });
    expect(loadServerConfig({ port: '3333', data: undefined }, env)).toMatchObject({ port: 3333, data: '/from/env', bind: '127.0.0.1' });
    expect(loadServerConfig({}, { AURA_CONFIG: cfg })).toMatchObject({ port: 1111, data: '/from/file' });
    // An empty variable is unset, not an empty value.
    expect(loadServerConfig({}, { AURA_CONFIG: cfg, AURA_PORT: '' }).port).toBe(1111);
  });

  it('--config wins over AURA_CONFIG', () => {
    const a = file('a.json', '{"port": 1}');
    const b = file('b.json', '{"port": 2}');
    expect(loadServerConfig({ config: b }, { AURA_CONFIG: a }).port).toBe(2);
  });

  it('reads YAML files, nested keys and all', () => {
    const cfg = file(
      'aura.yaml',
      ['port: 9090', 'retention:', '  raw: 14d', '  hour: 1y', 'agents:', '  maxFrameBytes: 512KiB', '  interval: 10s', 'channels:', '  - name: ops', '    type: slack', '    url: https://hooks.slack.com/services/T/B/X', ''].join('\n'),
    );
    const c = loadServerConfig({ config: cfg }, {});
    expect(c.port).toBe(9090);
    expect(c.retention).toEqual({ raw: 14 * DAY, minute: 90 * DAY, hour: 365 * DAY });
    expect(c.agents).toMatchObject({ maxFrameBytes: 512 * 1024, interval: 10_000 });
    expect(c.channels).toEqual([{ name: 'ops', type: 'slack', url: 'https://hooks.slack.com/services/T/B/X' }]);
  });

  it('reads secrets from *_FILE (trimmed), and the file wins over the plain variable', () => {
    const api = file('api-token', 'api-token-from-a-file-123456\n');
    const agent = file('agent-token', '  agent-token-from-a-file-1234  \n');
    const c = loadServerConfig({}, { AURA_API_TOKEN_FILE: api, AURA_API_TOKEN: 'api-token-from-the-env-1234', AURA_AGENT_TOKEN_FILE: agent });
    expect(c.apiToken).toBe('api-token-from-a-file-123456');
    expect(c.agentToken).toBe('agent-token-from-a-file-1234');
    expect(loadServerConfig({}, { AURA_API_TOKEN: 'api-token-from-the-env-1234' }).apiToken).toBe('api-token-from-the-env-1234');
  });

  it('an unreadable *_FILE names the variable', () => {
    expect(configError({}, { AURA_API_TOKEN_FILE: join(tmp.dir, 'missing') })).toMatch(/^AURA_API_TOKEN_FILE: cannot read .*missing/);
  });

  it.each([
    [{ retention: { raw: '7x' } }, /^invalid configuration \(.*\): retention\.raw: "7x" is not a duration .*\(example: 7d\)$/],
    [{ port: 'abc' }, /: port: .*\(example: 8080\)$/],
    [{ port: 70000 }, /: port: .*\(example: 8080\)$/],
    [{ agents: { maxFrameBytes: 'lots' } }, /: agents\.maxFrameBytes: "lots" is not a size .*\(example: 4MiB\)$/],
    [{ apiToken: 'short' }, /: apiToken: tokens are at least 16 characters .*\(example: a 16\+ character secret/],
    [{ logLevel: 'loud' }, /: logLevel: .*\(example: info\)$/],
    [{ channels: [{ name: 'x', type: 'slack', url: 'not a url' }] }, /: channels\.0\.url: .*\(example: \[\{"name":"ops"/],
  ])('a bad value in a file: %j → one line naming the key with an example', (json, message) => {
    const msg = configError({ config: file('bad.json', JSON.stringify(json)) });
    expect(msg).toMatch(message);
    expect(msg).toContain('bad.json');
  });

  it.each([['500ms'], ['2h'], ['1.0005s'], [0]])('agents.interval %j outside what agents accept (1s–1h, whole ms) is refused', (interval) => {
    const msg = configError({ config: file('bad.json', JSON.stringify({ agents: { interval } })) });
    expect(msg).toMatch(/: agents\.interval: .*1s.*1h.*\(example: 5s\)$/);
  });

  it.each([['30d'], [0]])('agents.helloTimeout %j that a timer cannot hold (over 1h, or none) is refused', (helloTimeout) => {
    const msg = configError({ config: file('bad.json', JSON.stringify({ agents: { helloTimeout } })) });
    expect(msg).toMatch(/: agents\.helloTimeout: .*\(example: 30s\)$/);
  });

  it('bad values from flags and env name the key too', () => {
    expect(configError({ port: 'abc' })).toMatch(/^invalid configuration: port: .*\(example: 8080\)$/);
    expect(configError({}, { AURA_PORT: 'eighty' })).toMatch(/^invalid configuration: port: .*\(example: 8080\)$/);
    expect(configError({}, { AURA_PUBLIC_URL: 'aura.example.com' })).toMatch(/publicUrl: .*\(example: https:\/\/aura\.example\.com\)$/);
  });

  it.each([
    [{ retension: { raw: '7d' } }, /: \(top level\): unknown key "retension" \(known keys: port, bind, data, .*\bretention\b.*\)$/],
    [{ retention: { raws: '7d' } }, /: retention: unknown key "raws" \(known keys: raw, minute, hour\)$/],
    [{ agents: { interval: '5s', maxFrame: 1 } }, /: agents: unknown key "maxFrame" \(known keys: interval, maxFrameBytes, helloTimeout, maxFutureSkew\)$/],
    [{ rateLimit: { perToken: { rps: 1, burst: 1, max: 3 } } }, /: rateLimit\.perToken: unknown key "max" \(known keys: rps, burst\)$/],
  ])('an unknown key %j is named, with the keys that are known there', (json, message) => {
    const msg = configError({ config: file('unknown.json', JSON.stringify(json)) });
    expect(msg).toMatch(message);
  });

  it.each([
    ['bind', ''],
    ['data', ''],
    ['agentToken', 'short'],
    ['publicUrl', 'nope'],
    ['retention.minute', 'soon'],
    ['retention.hour', -1],
    ['store.maxOpenHosts', 0],
    ['agents.interval', 'often'],
    ['agents.helloTimeout', 'x'],
    ['agents.maxFutureSkew', 'x'],
    ['rateLimit.perToken.rps', 0],
    ['rateLimit.perAddress', 'fast'],
    ['allowPrivateTargets', 'yes'],
    ['retention', 5],
    ['channels', {}],
  ])('a bad %s names the key and shows an example', (key, value) => {
    const json: Record<string, unknown> = {};
    const parts = key.split('.');
    let cur = json;
    for (const p of parts.slice(0, -1)) cur = (cur[p] = {}) as Record<string, unknown>;
    cur[parts.at(-1)!] = value;
    const msg = configError({ config: file('bad.json', JSON.stringify(json)) });
    expect(msg).toContain(`: ${key}: `);
    expect(msg).toMatch(/\(example: .+\)$/);
  });

  it('files that cannot be read or parsed', () => {
    expect(configError({ config: join(tmp.dir, 'nope.yaml') })).toMatch(/^config file .*nope\.yaml: ENOENT$/);
    expect(configError({ config: file('bad.json', '{"port": 80,}') })).toMatch(/bad\.json: not valid JSON: /);
    expect(configError({ config: file('bad.yaml', 'port: [1, 2\n') })).toMatch(/bad\.yaml: not valid YAML\/JSON: /);
    expect(configError({ config: file('list.yaml', '- 1\n- 2\n') })).toMatch(/list\.yaml: not valid YAML\/JSON: the top level must be an object$/);
  });
});
