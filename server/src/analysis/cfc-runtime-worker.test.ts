// The runtime inside a worker_threads Worker, where the server runs it: same answers as the
// TypeScript forward pass, for several batch sizes, with the float32 buffers crossing threads.
import { Worker } from 'node:worker_threads';
import { nn } from '@aura/analysis';
import { afterAll, describe, expect, it } from 'vitest';
import type { CfcBatchOutput } from './cfc-runtime.js';
import { maxDifference, randomBatch, randomModel } from './cfc-runtime-test-helpers.js';

// Workers do not inherit vitest's TypeScript transform: the fixture is loaded through tsx.
const BOOT = "const { workerData } = require('node:worker_threads'); import('tsx/esm/api').then((m) => m.tsImport(workerData.entry, workerData.entry));";
const model = randomModel({ inputs: 18, hidden: 32, backboneUnits: 64 }, 71);
const worker = new Worker(BOOT, { eval: true, workerData: { onnx: nn.exportOnnx(model), entry: new URL('./cfc-runtime-fixture.worker.ts', import.meta.url).href } });
const next = () =>
  new Promise<unknown>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
afterAll(async () => {
  worker.postMessage('close');
  await new Promise((r) => worker.once('exit', r));
});

describe('CfC runtime in a worker thread', () => {
  it('loads the model and matches the TypeScript forward pass within 1e-5', async () => {
    expect(await next()).toBe('ready');
    for (const n of [1, 17, 256]) {
      const batch = randomBatch(n, 18, 32, 100 + n);
      const reply = next();
      worker.postMessage(batch);
      const out = (await reply) as CfcBatchOutput & { n: number };
      expect(out.n).toBe(n);
      expect(out.h).toBeInstanceOf(Float32Array);
      const ts = nn.createCfcRunner(model, n).step(n, batch.x, batch.h, batch.dt);
      expect(maxDifference(out, ts, n, 32), `n = ${n}`).toBeLessThan(1e-5);
    }
  });
});
