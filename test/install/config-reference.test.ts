// docs/configuration.md's reference is generated from the schemas: it must be what the generator
// makes now, every key must have a description, and what it says must be what the schemas do.
import { readFileSync } from 'node:fs';
import { parseDuration } from '@aura/protocol';
import { describe, expect, it } from 'vitest';
import { DEFAULTS as AGENT_DEFAULTS, SETTINGS as AGENT_SETTINGS, loadAgentConfig } from '../../agent/src/config.js';
import { ENV_KEYS, loadServerConfig, serverConfigSchema } from '../../server/src/config/index.js';
import { AGENT_DESCRIPTIONS, CHANNEL_DESCRIPTIONS, DOC, SERVER_DESCRIPTIONS, agentRows, channelRows, serverRows, withReference } from '../../scripts/config-reference.js';

const stripTicks = (s: string) => s.replace(/^`|`$/g, '');

describe('configuration reference', () => {
  it('docs/configuration.md holds exactly what the generator makes from the schemas now', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(withReference(doc), 'stale: run pnpm exec tsx scripts/config-reference.ts --write').toBe(doc);
  });

  it('describes every key, variable and flag, and nothing that is gone', () => {
    const rows = serverRows();
    expect(rows.map((r) => r.key).sort()).toEqual(Object.keys(SERVER_DESCRIPTIONS).sort());
    expect(agentRows().map((r) => r.key).sort()).toEqual(Object.keys(AGENT_DESCRIPTIONS).sort());
    const fields = new Set(channelRows().flatMap((c) => ['type', ...c.fields.map((f) => f.key)]));
    expect([...fields].sort()).toEqual(Object.keys(CHANNEL_DESCRIPTIONS).sort());
    const doc = readFileSync(DOC, 'utf8');
    for (const [env] of ENV_KEYS) expect(doc, env).toContain(`\`${env}\``);
    for (const s of Object.values(AGENT_SETTINGS)) expect(doc).toContain(`\`${s.env}\``);
    for (const flag of ['--port', '--bind', '--data', '--log-level']) expect(doc).toContain(`\`${flag}\``);
  });

  it('the defaults it prints are the defaults the server applies', () => {
    const applied = serverConfigSchema.parse({}) as unknown as Record<string, unknown>;
    const at = (key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], applied);
    for (const r of serverRows()) {
      if (r.def === '' || r.def === 'unset') {
        expect(at(r.key), r.key).toBeUndefined();
        continue;
      }
      const text = stripTicks(r.def);
      const value = r.type.startsWith('duration') ? parseDuration(text) : r.type === 'size' ? loadSize(text) : JSON.parse(text);
      expect(value, r.key).toEqual(at(r.key));
    }
  });

  it('the defaults and variables it prints for the agent are what the agent applies', () => {
    const cfg = loadAgentConfig(['--once'], {}) as unknown as Record<string, unknown>;
    for (const r of agentRows()) {
      if (r.def === 'required' || r.def === '') continue;
      const text = stripTicks(r.def);
      const value = r.type === 'duration' ? parseDuration(text) : r.type === 'size' ? loadSize(text) : JSON.parse(text);
      expect(value, r.key).toEqual(cfg[r.key]);
      expect(AGENT_DEFAULTS[r.key as keyof typeof AGENT_DEFAULTS], r.key).toEqual(cfg[r.key]);
    }
    // Every variable in the table is read: a bad value through it is refused, naming it.
    for (const r of agentRows()) {
      const env = stripTicks(r.env.split(',')[0]!);
      if (['AURA_SERVER', 'AURA_TOKEN', 'AURA_SPOOL', 'AURA_HOST_ID', 'AURA_PROC_PATH', 'AURA_SYS_PATH'].includes(env)) continue;
      expect(() => loadAgentConfig(['--once'], { [env]: 'not-a-good-value!' }), env).toThrow(new RegExp(env));
    }
  });

  it('every server variable in the table sets its key', () => {
    for (const [env, key] of ENV_KEYS) {
      const bad = key === 'port' ? 'not-a-port' : key === 'logLevel' ? 'loud' : key === 'publicUrl' ? 'not a url' : key.endsWith('Token') ? 'short' : '';
      if (!bad) continue;
      expect(() => loadServerConfig({}, { [env]: bad }), env).toThrow(new RegExp(`${key}:`));
    }
  });
});

function loadSize(text: string): number {
  const m = /^(\d+)(KiB|MiB|GiB)$/.exec(text)!;
  return Number(m[1]) * { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[m[2] as 'KiB' | 'MiB' | 'GiB'];
}
