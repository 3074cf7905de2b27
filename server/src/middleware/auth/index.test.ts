// Bearer-token auth and both rate limits, through real HTTP against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TOKEN, API_TOKEN, startTestServer, type TestServer } from '../../testing.js';
import { bearerToken } from './index.js';

describe('bearerToken', () => {
  it('reads "Bearer <token>", case-insensitively, and nothing else', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer   abc  ')).toBe('abc');
    for (const bad of [undefined, null, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'abc']) expect(bearerToken(bad), String(bad)).toBeUndefined();
  });
});

describe('401 without a valid API token', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.each([
    ['no header', null, 'missing "Authorization: Bearer <API token>" header'],
    ['a wrong token', 'wrong-token-wrong-token', 'the API token is not valid or was revoked'],
    ['the agent token', AGENT_TOKEN, 'the API token is not valid or was revoked'],
  ])('%s → 401 with a JSON error and WWW-Authenticate', async (_what, token, message) => {
    const res = await t.api('/api/v1/hosts', { token });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="aura"');
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message } });
  });

  it('a malformed header is the same as none', async () => {
    const res = await fetch(`${t.server.url}/api/v1/hosts`, { headers: { authorization: `Basic ${API_TOKEN}` } });
    expect(res.status).toBe(401);
  });

  it('a revoked token stops working; the configured one keeps working', async () => {
    const { id, token } = t.server.catalog.createToken('api', 'temporary');
    expect((await t.api('/api/v1/hosts', { token })).status).toBe(200);
    t.server.catalog.revokeToken(id);
    expect((await t.api('/api/v1/hosts', { token })).status).toBe(401);
    expect((await t.api('/api/v1/hosts')).status).toBe(200);
  });

  it('health checks need no token', async () => {
    expect((await t.api('/healthz', { token: null })).status).toBe(200);
  });
});

describe('429 with Retry-After', () => {
  let t: TestServer;
  beforeAll(async () => {
    // One request per 1000 s after a burst of 3: a refill during the test is impossible.
    t = await startTestServer({ rateLimit: { perToken: { rps: 0.001, burst: 3 }, perAddress: { rps: 0.001, burst: 3 } } });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('per token: past the burst, 429 with Retry-After in whole seconds; other tokens are not affected', async () => {
    for (let i = 0; i < 3; i++) expect((await t.api('/api/v1/hosts')).status).toBe(200);
    const res = await t.api('/api/v1/hosts');
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get('retry-after'));
    expect(Number.isInteger(retry)).toBe(true);
    expect(retry).toBeGreaterThan(900);
    expect(retry).toBeLessThanOrEqual(1000);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/^rate limit of this token exceeded; retry in \d+ s$/);
    // A limited token is limited on every route, 404s included.
    expect((await t.api('/api/v1/nope')).status).toBe(429);

    const other = t.server.catalog.createToken('api', 'second client').token;
    expect((await t.api('/api/v1/hosts', { token: other })).status).toBe(200);
  });

  it('per address, for requests without a valid token; agent upgrades share the limit; valid tokens do not', async () => {
    for (let i = 0; i < 3; i++) expect((await t.api('/api/v1/hosts', { token: `guess-${i}-guess-guess` })).status).toBe(401);
    const res = await t.api('/api/v1/hosts', { token: 'guess-4-guess-guess' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited');

    // Guessing agent tokens from the same address is slowed down too.
    const guess = t.agent('agent-guess-agent-guess');
    const closed = await guess.closed;
    expect(closed.refused?.status).toBe(429);
    expect(Number(closed.refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The real agent token still gets in.
    const agent = t.agent();
    await agent.opened;
    await agent.close();
    // And a valid API token with budget left still works.
    const fresh = t.server.catalog.createToken('api', 'third client').token;
    expect((await t.api('/api/v1/hosts', { token: fresh })).status).toBe(200);
  });
});
