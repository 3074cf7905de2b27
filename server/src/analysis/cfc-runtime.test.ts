// The exported ONNX cell run by onnxruntime-node against the TypeScript forward pass (random and
// trained weights, several batch sizes), hidden state carried per host, and resets after gaps.
import { nn } from '@aura/analysis';
import { createRng } from '@aura/analysis/scenarios';
import { afterAll, describe, expect, it } from 'vitest';
import { createCfcRuntime, createHostStates, stepHosts, type CfcRuntime } from './cfc-runtime.js';
import { maxDifference, randomBatch, randomModel } from './cfc-runtime-test-helpers.js';

const TOL = 1e-5;
const open: CfcRuntime[] = [];
afterAll(async () => {
  for (const r of open) await r.close();
});

async function load(model: nn.CfcModel): Promise<CfcRuntime> {
  const r = await createCfcRuntime(nn.exportOnnx(model));
  open.push(r);
  return r;
}

describe('CfC runtime (onnxruntime-node)', () => {
  it.each([
    ['lecun_tanh', 1],
    ['tanh', 2],
    ['relu', 1],
    ['silu', 0],
  ] as const)('matches the TypeScript forward pass within 1e-5 (%s, %i backbone layers)', async (activation, backboneLayers) => {
    const model = randomModel({ inputs: 20, hidden: 32, backboneUnits: 64, backboneLayers, activation }, 61);
    const runtime = await load(model);
    expect([runtime.nIn, runtime.nHidden, runtime.modelId]).toEqual([20, 32, nn.modelId(model)]);
    for (const n of [1, 3, 64, 257]) {
      const batch = randomBatch(n, 20, 32, n);
      const onnx = await runtime.runBatch(batch);
      const ts = nn.createCfcRunner(model, n).step(n, batch.x, batch.h, batch.dt);
      expect(maxDifference(onnx, ts, n, 32), `n = ${n}`).toBeLessThan(TOL);
    }
  });

  it('matches a trained model, and carries each host’s state across steps like the sequence forward pass', async () => {
    const rng = createRng(62);
    const seqs = Array.from({ length: 6 }, (_, q) => {
      const T = 120;
      const x = Float32Array.from({ length: T * 4 }, (_, i) => Math.sin(i / 17 + q) + 0.2 * rng.normal());
      const risk = Uint8Array.from({ length: T * 4 }, (_, i) => (x[Math.floor(i / 4) * 4]! > 0.8 ? 1 : 0));
      return { x, dt: new Float32Array(T).fill(1), risk };
    });
    const { model } = nn.train(seqs, { epochs: 3, hidden: 16, backboneUnits: 24, batchSize: 3, chunk: 20, seed: 3 });
    const runtime = await load(model);
    const batch = randomBatch(50, 4, 16, 63);
    expect(maxDifference(await runtime.runBatch(batch), nn.createCfcRunner(model, 50).step(50, batch.x, batch.h, batch.dt), 50, 16)).toBeLessThan(TOL);

    // Three hosts stepped together for 40 steps; host b skips a minute (Δt = 2) and c steps every 90 s.
    const states = createHostStates({ nHidden: 16, stepSeconds: 60 });
    const times = { a: (t: number) => 1000 + 60 * t, b: (t: number) => 1000 + 60 * t + (t >= 10 ? 60 : 0), c: (t: number) => 1000 + 90 * t };
    const want = Object.fromEntries(
      Object.entries(times).map(([id, at], q) => {
        const dt = Float32Array.from({ length: 40 }, (_, t) => (t === 0 ? 1 : (at(t) - at(t - 1)) / 60));
        return [id, nn.forwardSequence(model, { x: seqs[q]!.x.subarray(0, 160), dt })];
      }),
    );
    for (let t = 0; t < 40; t++) {
      const preds = await stepHosts(
        runtime,
        states,
        Object.entries(times).map(([id, at], q) => ({ hostId: id, ts: at(t), x: seqs[q]!.x.subarray(t * 4, t * 4 + 4) })),
      );
      for (const p of preds) {
        const w = want[p.hostId]!;
        expect(p.reset).toBe(t === 0);
        expect(Math.abs(p.risk['4h'] - w.risk[t * 4 + 3]!)).toBeLessThan(TOL);
        expect(Math.abs(p.risk['15m'] - w.risk[t * 4]!)).toBeLessThan(TOL);
        expect(Math.abs(p.ttfSeconds - 60 * nn.decodeTtf(w.ttf[t]!))).toBeLessThan(1e-3 * (1 + p.ttfSeconds));
      }
    }
    expect(states.size).toBe(3);
  });

  it('resets a host after a gap longer than the limit, and on first sight', async () => {
    const model = randomModel({ inputs: 3, hidden: 5 }, 64);
    const runtime = await load(model);
    const states = createHostStates({ nHidden: 5, stepSeconds: 60, maxGapSeconds: 180 });
    const x = [0.5, -1, 2];
    const first = await stepHosts(runtime, states, [{ hostId: 'web-1', ts: 0, x }]);
    const fresh = nn.forwardSequence(model, { x: Float32Array.from(x), dt: Float32Array.of(1) });
    expect(first[0]!.reset).toBe(true);
    expect(Math.abs(first[0]!.risk['1h'] - fresh.risk[1]!)).toBeLessThan(TOL);
    const within = await stepHosts(runtime, states, [{ hostId: 'web-1', ts: 180, x }]);
    expect(within[0]!.reset).toBe(false);
    const after = await stepHosts(runtime, states, [{ hostId: 'web-1', ts: 361, x }]);
    expect(after[0]!.reset).toBe(true);
    expect(Math.abs(after[0]!.risk['1h'] - fresh.risk[1]!)).toBeLessThan(TOL);
    // A persisted state restored elsewhere continues exactly where it left off.
    const saved = JSON.parse(JSON.stringify(states.get('web-1'))) as { ts: number; h: number[] };
    expect(saved.ts).toBe(361);
    const elsewhere = createHostStates({ nHidden: 5, stepSeconds: 60, maxGapSeconds: 180 });
    elsewhere.set('web-1', saved);
    const [here] = await stepHosts(runtime, states, [{ hostId: 'web-1', ts: 421, x }]);
    const [there] = await stepHosts(runtime, elsewhere, [{ hostId: 'web-1', ts: 421, x }]);
    expect(there!.reset).toBe(false);
    expect(there!.risk).toEqual(here!.risk);
    expect(() => elsewhere.set('web-2', { ts: 1, h: [1, 2] })).toThrow(/5 finite hidden values/);
    states.forget('web-1');
    expect(states.size).toBe(0);
    expect(states.get('web-1')).toBeUndefined();
  });

  it('refuses steps out of order or twice in a batch without touching any state', async () => {
    const model = randomModel({ inputs: 2, hidden: 3 }, 65);
    const runtime = await load(model);
    const states = createHostStates({ nHidden: 3 });
    await stepHosts(runtime, states, [{ hostId: 'a', ts: 100, x: [1, 2] }]);
    const h = new Float32Array(6);
    const dt = new Float32Array(2);
    expect(() => states.gather(['b', 'a'], [100, 100], h, dt)).toThrow(/host a at 100 is not after its last step at 100/);
    expect(() => states.gather(['b', 'b'], [100, 160], h, dt)).toThrow(/host b appears twice/);
    expect(states.size).toBe(1);
    await expect(stepHosts(runtime, states, [{ hostId: 'a', ts: 160, x: [1] }])).rejects.toThrow(/1 features given, the model takes 2/);
    const ok = await stepHosts(runtime, states, [{ hostId: 'a', ts: 160, x: [1, 2] }]);
    expect(ok[0]!.reset).toBe(false);
    expect(() => createHostStates({ nHidden: 3, stepSeconds: 60, maxGapSeconds: 30 })).toThrow(/maxGapSeconds ≥ stepSeconds/);
  });

  it('checks batch sizes and refuses bytes that are not a CfC model', async () => {
    const runtime = await load(randomModel({ inputs: 2, hidden: 3 }, 66));
    await expect(runtime.runBatch({ n: 2, x: new Float32Array(3), h: new Float32Array(6), dt: new Float32Array(2) })).rejects.toThrow(/x has 3 values, expected n × inputs = 2 × 2/);
    await expect(runtime.runBatch({ n: 1, x: new Float32Array(2), h: new Float32Array(6), dt: new Float32Array(1) })).rejects.toThrow(/h has 6 values/);
    await expect(createCfcRuntime(new Uint8Array([1, 2, 3]))).rejects.toThrow(/not an ONNX model/);
    await expect(createCfcRuntime(new Uint8Array(0))).rejects.toThrow(/not an AURA CfC model/);
    await expect(createCfcRuntime(nn.exportOnnx(randomModel({ inputs: 2, hidden: 3 }, 67)), { intraOpThreads: 0 })).rejects.toThrow(/intraOpThreads/);
  });
});
