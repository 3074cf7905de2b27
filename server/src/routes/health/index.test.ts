import { statfsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('health', () => {
  it('/healthz answers while the process runs; /readyz reports the store and the disk', async () => {
    t = await startTestServer();
    const live = await t.api('/healthz', { token: null });
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });

    const fs = statfsSync(t.dir);
    const roomy = fs.bavail * fs.bsize >= 64 * 1024 * 1024;
    const ready = await t.api('/readyz', { token: null });
    const body = (await ready.json()) as { status: string; checks: Record<string, string> };
    expect(body.checks.store).toBe('ok');
    expect(body.checks.disk === 'ok').toBe(roomy);
    expect(ready.status).toBe(roomy ? 200 : 503);
    expect(body.status).toBe(roomy ? 'ready' : 'not ready');
  });

  it('/readyz is 503 and says why when the store cannot take writes', async () => {
    t = await startTestServer();
    // The catalog cannot take its write lock (here: its connection is gone).
    t.server.catalog.db.close();
    const res = await t.api('/readyz', { token: null });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('not ready');
    expect(body.checks.store).toMatch(/^not writable: /);
    // Liveness does not depend on the store.
    expect((await t.api('/healthz', { token: null })).status).toBe(200);
  });
});
