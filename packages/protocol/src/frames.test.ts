import { describe, expect, it } from 'vitest';
import { parseDuration, parseTime } from './duration.js';
import { agentFrameSchema, describeZodError } from './frames.js';
import { hostIdSchema } from './ids.js';

const hello = {
  type: 'hello',
  protocol: 1,
  agent: { version: '0.1.0', instanceId: 'abcdef12-3456' },
  host: { hostname: 'web-1', machineId: 'm', os: { platform: 'linux', distro: 'Debian', release: '12' }, kernel: '6.1', arch: 'x64', cpu: { model: 'x', cores: 4 }, memoryBytes: 1, bootTime: 1, filesystems: [], interfaces: [] },
  intervalMs: 5000,
};

describe('frames', () => {
  it('accept a realistic hello and name the path of what is wrong', () => {
    expect(agentFrameSchema.safeParse(hello).success).toBe(true);
    const bad = agentFrameSchema.safeParse({ ...hello, host: { ...hello.host, cpu: { model: 'x', cores: 'four' } } });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(describeZodError(bad.error)).toMatch(/^host\.cpu\.cores: /);
    expect(agentFrameSchema.safeParse({ type: 'nope' }).success).toBe(false);
  });

  it('host ids are safe file names', () => {
    for (const ok of ['web-01', 'a', '3d1219c7c4c5404aaa1f6d2a48adfda4', 'db.eu_1']) expect(hostIdSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['', '../x', 'a/b', '.hidden', 'a..b', 'x'.repeat(65), 'sp ace']) expect(hostIdSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('durations and times', () => {
    expect(parseDuration('5s')).toBe(5000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('90')).toBe(90_000);
    for (const bad of ['', '5x', 's', '-1s']) expect(parseDuration(bad), bad).toBeUndefined();
    expect(parseTime('1700000000')).toBe(1_700_000_000_000);
    expect(parseTime('1700000000.5')).toBe(1_700_000_000_500);
    expect(parseTime('2026-01-02T03:04:05Z')).toBe(Date.UTC(2026, 0, 2, 3, 4, 5));
    for (const bad of ['yesterday', '2026-13-45', '']) expect(parseTime(bad), bad).toBeUndefined();
  });
});
