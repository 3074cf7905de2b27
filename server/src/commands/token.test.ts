import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, tempDir, type TestServer } from '../testing.js';
import type { CommandIo } from './io.js';
import { tokenCommand } from './token.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function aura(args: string[], data: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIo = { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env: { AURA_DATA: data } };
  const code = await tokenCommand(args, io);
  return { code, out, err };
}

describe('aura token', () => {
  it('creates, lists and revokes tokens while the server runs, and the server honours each at once', async () => {
    t = await startTestServer();
    const created = await aura(['create', '--kind', 'api', '--name', 'prometheus'], t.dir);
    expect(created.code).toBe(0);
    const token = created.out.trim();
    expect(token).toMatch(/^aura_api_[A-Za-z0-9_-]{32}$/);
    expect(created.err).toMatch(/shown only now/);
    expect((await t.api('/api/v1/hosts', { token })).status).toBe(200);

    const list = await aura(['list', '--json'], t.dir);
    const rows = (JSON.parse(list.out) as { tokens: Array<{ id: string; kind: string; name: string; revoked: number | null }> }).tokens;
    const mine = rows.find((r) => r.name === 'prometheus')!;
    expect(mine).toMatchObject({ kind: 'api', revoked: null });
    expect(list.out).not.toContain(token);
    const text = await aura(['list'], t.dir);
    expect(text.out.split('\n')[0]).toMatch(/^ID\s+KIND\s+NAME\s+CREATED\s+REVOKED$/);

    const revoked = await aura(['revoke', mine.id.slice(0, 8)], t.dir);
    expect(revoked.code).toBe(0);
    expect((await t.api('/api/v1/hosts', { token })).status).toBe(401);
    expect((await aura(['revoke', mine.id], t.dir)).err).toMatch(/already revoked/);

    const agentToken = (await aura(['create', '--kind', 'agent'], t.dir)).out.trim();
    const a = t.agent(agentToken);
    await a.opened;
    await a.close();
  });

  it('says what is wrong with bad input', async () => {
    const d = tempDir('aura-token-');
    try {
      await expect(aura(['create', '--kind', 'root'], d.dir)).rejects.toThrow(/--kind must be agent or api \(example: --kind agent\)/);
      await expect(aura(['list'], d.dir)).rejects.toThrow(/no AURA data at .*aura\.db is missing/);
      await expect(aura([], d.dir)).rejects.toThrow(/give an action: create, list or revoke/);
      expect((await aura(['create', '--kind', 'agent'], d.dir)).code).toBe(0);
      const r = await aura(['revoke', 'no-such-id'], d.dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/no token with id "no-such-id"/);
    } finally {
      d.remove();
    }
  });
});
