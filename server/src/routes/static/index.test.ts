// Serving the built dashboard: index.html with a strict CSP, hashed assets with long caching,
// nothing outside the assets folder, and a plain answer when the dashboard is not built.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing.js';
import { CONTENT_SECURITY_POLICY, createStaticRoute } from './index.js';

const tmp = tempDir('aura-static-');
afterAll(() => tmp.remove());
mkdirSync(join(tmp.dir, 'dist/assets'), { recursive: true });
writeFileSync(join(tmp.dir, 'dist/index.html'), '<!doctype html><script type="module" src="/assets/app-abc123.js"></script>');
writeFileSync(join(tmp.dir, 'dist/assets/app-abc123.js'), 'console.log(1)');
writeFileSync(join(tmp.dir, 'secret.txt'), 'no');

describe('static route', () => {
  const app = createStaticRoute({ dir: join(tmp.dir, 'dist') });

  it('serves index.html with a CSP that allows no inline script or style and no other origin', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/app-abc123\.js/);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets with their type and long caching; refuses anything else', async () => {
    const res = await app.request('/assets/app-abc123.js');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/immutable/);
    expect((await app.request('/assets/..%2Fsecret.txt')).status).toBe(404);
    expect((await app.request('/assets/missing-1.js')).status).toBe(404);
    expect((await app.request('/assets/app-abc123.exe')).status).toBe(404);
  });

  it('redirects the older host links /hosts/<id> to the dashboard route of that host', async () => {
    const res = await app.request('/hosts/web-1.eu%3Cx%3E');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/#/host/web-1.eu%3Cx%3E');
  });

  it('says how to build the dashboard when it is not built', async () => {
    const res = await createStaticRoute({ dir: null }).request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/dashboard is not built: run `pnpm run build`/);
  });
});
