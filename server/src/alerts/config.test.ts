// The alerting and channel keys of the server config: defaults, durations, and one-line errors
// that name the key and give an example.
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfigError, loadServerConfig } from '../config/index.js';
import { serverConfigSchema } from '../config/schema.js';
import { resolveCouncilOptions } from '../council/index.js';
import { councilOptionsFrom } from './config.js';

describe('alerting config', () => {
  it('reads durations and council overrides', () => {
    const c = serverConfigSchema.parse({ alerting: { groupWait: '10s', council: { for: { warning: '2m' }, thresholds: { disk: { warning: 90 } }, weights: { security: 0.5 } } } });
    expect(c.alerting.groupWait).toBe(10_000);
    const o = resolveCouncilOptions(councilOptionsFrom(c.alerting.council));
    expect(o.for).toEqual({ watch: 0, warning: 120_000, critical: 120_000 });
    expect(o.thresholds.disk).toEqual({ watch: 85, warning: 90, critical: 97 });
    expect(o.weights.security).toBe(0.5);
    expect(o.weights.resources).toBe(1);
  });

  it('names the bad key with an example', () => {
    const msg = (input: unknown) => {
      const r = serverConfigSchema.safeParse(input);
      return r.success ? 'ok' : describeConfigError(r.error, '');
    };
    expect(msg({ alerting: { groupWait: 'soon' } })).toBe('invalid configuration: alerting.groupWait: "soon" is not a duration (examples: 30s, 5m, 1h, 7d, or seconds as a number) (example: 30s)');
    expect(msg({ alerting: { council: { thresholds: { dsk: {} } } } })).toMatch(/^invalid configuration: alerting.council.thresholds: unknown key "dsk" \(known keys: cpu, memory/);
    expect(msg({ allowPrivateTargets: ['10.0.0.0/8', 'lan'] })).toMatch(/allowPrivateTargets.1: "lan" is not a CIDR block/);
    expect(msg({ channels: [{ name: 'a', type: 'slack', url: 'https://x.example' }, { name: 'a', type: 'slack', url: 'https://y.example' }] })).toMatch(/channels: channel names must be unique/);
    expect(msg({ channels: [{ name: 'p', type: 'pagerduty' }] })).toMatch(/^invalid configuration: channels.0.routingKey/);
    expect(msg({ alerting: { delivery: { breaker: { failures: 0 } } } })).toMatch(/alerting.delivery.breaker.failures: .*\(example: \{"failures":5,"cooldown":"30s"\}\)/);
  });

  it('an env-less load still fails with a ConfigError for a bad file value', () => {
    expect(() => loadServerConfig({ port: 'x' }, {})).toThrow(ConfigError);
  });
});
