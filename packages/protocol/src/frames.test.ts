import { describe, expect, it } from 'vitest';
import { encodeSamples } from './delta.js';
import { agentFrameSchema, batchFrameSchema, describeZodError, helloFrameSchema, serverFrameSchema } from './frames.js';
import { PROTOCOL_VERSION } from './version.js';

/** A hello as the agent sends it from a small Debian VM. */
const hello = {
  type: 'hello',
  protocol: PROTOCOL_VERSION,
  agent: { version: '0.1.0', instanceId: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f' },
  host: {
    hostname: 'web-1',
    machineId: '3d1219c7c4c5404aaa1f6d2a48adfda4',
    os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12' },
    kernel: '6.1.0-18-amd64',
    arch: 'x64',
    cpu: { model: 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz', cores: 4, physicalCores: 2 },
    memoryBytes: 8_321_499_136,
    bootTime: 1_700_000_000,
    filesystems: [
      { mount: '/', fstype: 'ext4', device: '/dev/sda1', sizeBytes: 41_083_600_896 },
      { mount: '/var/lib/docker', fstype: 'xfs', device: '/dev/sdb1', sizeBytes: 107_374_182_400 },
    ],
    interfaces: [{ name: 'eth0', mac: '52:54:00:12:34:56', speedMbps: 1000, addresses: ['10.0.0.5/24', 'fe80::5054:ff:fe12:3456/64'] }, { name: 'docker0', virtual: true, speedMbps: null }],
  },
  intervalMs: 5000,
};

/** `hello` with one value replaced at a dotted path. */
function withValue(path: string, value: unknown): unknown {
  const copy = structuredClone(hello) as Record<string, unknown>;
  const parts = path.split('.');
  let cur = copy;
  for (const p of parts.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  cur[parts.at(-1)!] = value;
  return copy;
}

function errorOf(schema: { safeParse(x: unknown): { success: boolean; error?: unknown } }, x: unknown): string {
  const r = schema.safeParse(x);
  expect(r.success).toBe(false);
  return describeZodError(r.error as Parameters<typeof describeZodError>[0]);
}

describe('hello frames', () => {
  it('accept a realistic hello, through both schemas, and fill defaults', () => {
    const h = helloFrameSchema.parse(hello);
    expect(h.host.interfaces[1]!.addresses).toEqual([]);
    expect(agentFrameSchema.parse(hello).type).toBe('hello');
    expect(agentFrameSchema.parse(JSON.parse(JSON.stringify(hello)))).toEqual(h);
  });

  it.each([
    ['host.cpu.cores', 'four'],
    ['host.cpu.cores', 0],
    ['host.cpu.cores', 2.5],
    ['host.hostname', ''],
    ['host.memoryBytes', -1],
    ['host.os.distro', 42],
    ['agent.instanceId', 'short'],
    ['agent.instanceId', 'has spaces in it'],
    ['protocol', '1'],
    ['intervalMs', 0],
    ['host.hostId', '../etc'],
    ['host.filesystems', 'none'],
  ])('refuses %s = %j, naming that path', (path, value) => {
    const msg = errorOf(agentFrameSchema, withValue(path, value));
    expect(msg.startsWith(`${path}: `), msg).toBe(true);
  });

  it('names array positions with brackets', () => {
    expect(errorOf(helloFrameSchema, withValue('host.filesystems', [{ mount: '', fstype: 'ext4', device: 'x', sizeBytes: 1 }]))).toMatch(/^host\.filesystems\[0\]\.mount: /);
    expect(errorOf(helloFrameSchema, withValue('host.interfaces', [{ name: 'eth0', addresses: [7] }]))).toMatch(/^host\.interfaces\[0\]\.addresses\[0\]: /);
  });

  it('a missing field is named too', () => {
    const { host: _host, ...noHost } = hello;
    expect(errorOf(agentFrameSchema, noHost)).toMatch(/^host: /);
  });

  it('refuses unknown frame types and non-objects', () => {
    for (const bad of [{ type: 'nope' }, { type: 'welcome', protocol: 1, hostId: 'a', lastSeq: 0, config: {} }, null, 'hello', [], 42]) {
      expect(agentFrameSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('batch frames', () => {
  it('accept what the encoder produces and name the sample at fault', () => {
    const samples = encodeSamples([
      { ts: 1_700_000_000_000, gauges: { 'load.1': 0.5 }, counters: { 'cpu.user_ticks': 10 } },
      { ts: 1_700_000_005_000, gauges: { 'load.1': 0.7 }, counters: { 'cpu.user_ticks': 20 } },
    ]);
    expect(agentFrameSchema.parse({ type: 'batch', seq: 1, samples }).type).toBe('batch');
    expect(errorOf(batchFrameSchema, { type: 'batch', seq: 1, samples: [samples[0], { ...samples[1], t: 'soon' }] })).toMatch(/^samples\[1\]\.t: /);
    expect(errorOf(batchFrameSchema, { type: 'batch', seq: -1, samples })).toMatch(/^seq: /);
    expect(errorOf(batchFrameSchema, { type: 'batch', seq: 1, samples: [{ t: 1, c: { 'x.a_total': -5 } }] })).toMatch(/^samples\[0\]\.c\.x\.a_total: counter increments are never negative/);
  });

  it('describeZodError keeps to three issues on one line', () => {
    const msg = errorOf(batchFrameSchema, { type: 'batch', seq: 'a', samples: [{ t: 'a' }, { t: 'b' }, { t: 'c' }, { t: 'd' }] });
    expect(msg.split('; ')).toHaveLength(3);
    expect(msg).not.toContain('\n');
  });
});

describe('server frames', () => {
  it('welcome, ack, config and error frames parse; an ack for seq 0 does not', () => {
    expect(serverFrameSchema.parse({ type: 'welcome', protocol: 1, hostId: 'web-1', lastSeq: 0, config: { intervalMs: 5000 } }).type).toBe('welcome');
    expect(serverFrameSchema.parse({ type: 'ack', seq: 3 }).type).toBe('ack');
    expect(serverFrameSchema.parse({ type: 'config', config: {} }).type).toBe('config');
    expect(serverFrameSchema.parse({ type: 'error', code: 'bad_frame', message: 'x', supported: { min: 1, max: 1 } }).type).toBe('error');
    expect(serverFrameSchema.safeParse({ type: 'ack', seq: 0 }).success).toBe(false);
    expect(serverFrameSchema.safeParse({ type: 'welcome', protocol: 1, hostId: '../x', lastSeq: 0, config: {} }).success).toBe(false);
  });
});
