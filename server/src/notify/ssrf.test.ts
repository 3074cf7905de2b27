// The SSRF guard against a real HTTP server on loopback: refused by default, allowed by the
// policy, and a DNS answer that changes between check and connect (rebinding) is still caught.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LookupAddress } from 'node:dns';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowTargetsSchema, createGuardedAgent, refusal, resolveChecked, targetPolicy, TargetRefused } from './ssrf.js';

let server: Server;
let port: number;
let hits = 0;
beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++;
    res.end('ok');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

type Answer = LookupAddress[];
/** A resolver whose answers are scripted, one per call (the last repeats). */
function scripted(...answers: Answer[]) {
  let i = 0;
  return (_h: string, _o: unknown, cb: (e: NodeJS.ErrnoException | null, a: LookupAddress[]) => void) => cb(null, answers[Math.min(i++, answers.length - 1)]!);
}

describe('SSRF guard', () => {
  it('refuses loopback, private, link-local and metadata by default, with the reason', async () => {
    const p = targetPolicy(false);
    expect(refusal('8.8.8.8', p)).toBeUndefined();
    expect(refusal('127.0.0.1', p)).toBe('127.0.0.1 is a loopback address; set allowPrivateTargets (true, or a list of CIDRs) to allow it');
    expect(refusal('169.254.169.254', targetPolicy(true))).toMatch(/metadata address; list it in allowPrivateTargets as a CIDR/);
    expect(refusal('169.254.169.254', targetPolicy(['169.254.169.254/32']))).toBeUndefined();
    expect(refusal('10.0.0.1', targetPolicy(['127.0.0.1/32']))).toMatch(/private/);
    await expect(resolveChecked('localhost', p)).rejects.toThrow(/refused: localhost resolves to (127\.0\.0\.1|::1) is a loopback address/);
    await expect(resolveChecked('[::ffff:127.0.0.1]', p)).rejects.toBeInstanceOf(TargetRefused);
  });

  it('one bad address among several refuses the host', async () => {
    const lookup = scripted([{ address: '8.8.8.8', family: 4 }, { address: '10.0.0.1', family: 4 }]);
    await expect(resolveChecked('mixed.example', targetPolicy(false), lookup)).rejects.toThrow(/resolves to 10\.0\.0\.1 is a private address/);
  });

  it('the guarded agent connects to loopback only when allowed', async () => {
    const before = hits;
    const closed = createGuardedAgent(targetPolicy(false), { connectTimeoutMs: 2000 });
    await expect(request(`http://127.0.0.1:${port}/`, { dispatcher: closed })).rejects.toThrow(/refused: connected to 127\.0\.0\.1 is a loopback address/);
    await expect(request(`http://localhost:${port}/`, { dispatcher: closed })).rejects.toThrow(/refused/);
    expect(hits).toBe(before);
    const open = createGuardedAgent(targetPolicy(['127.0.0.1/32']), { connectTimeoutMs: 2000 });
    const res = await request(`http://127.0.0.1:${port}/`, { dispatcher: open });
    expect(await res.body.text()).toBe('ok');
    await Promise.all([closed.close(), open.close()]);
  });

  it('DNS rebinding: checked as public, answering loopback at connect time, is refused', async () => {
    const before = hits;
    // First answer (the pre-request check) is public; the connect-time lookup gets loopback.
    const lookup = scripted([{ address: '93.184.216.34', family: 4 }], [{ address: '127.0.0.1', family: 4 }]);
    const policy = targetPolicy(false);
    await resolveChecked('rebind.example', policy, lookup);
    const agent = createGuardedAgent(policy, { connectTimeoutMs: 2000, lookup });
    await expect(request(`http://rebind.example:${port}/`, { dispatcher: agent })).rejects.toThrow(/refused: rebind\.example resolves to 127\.0\.0\.1/);
    expect(hits).toBe(before);
    await agent.close();
  });

  it('the config accepts true/false or CIDRs and names a bad block', () => {
    expect(allowTargetsSchema.parse(['127.0.0.1/32', '::1'])).toEqual(['127.0.0.1/32', '::1']);
    const bad = allowTargetsSchema.safeParse(['10.0.0.0/8', 'ten']);
    expect(bad.success).toBe(false);
  });
});
