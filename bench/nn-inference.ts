/**
 * CfC inference per host-step: the exported ONNX cell in onnxruntime-node (one intra-op thread,
 * as in the server's workers) beside the TypeScript forward pass, batched over N hosts, in the
 * same run, rounds interleaved; medians. Also the server's path with per-host state
 * (`stepHosts`: gather states, run, keep states). Target: ≤ 0.05 ms per host-step batched.
 *
 *   pnpm exec tsx bench/nn-inference.ts [--sizes 1,64,256,1000] [--rounds 7] [--inputs 20]
 */
import { parseArgs } from 'node:util';
import { nn } from '../packages/analysis/src/index.js';
import { createRng } from '../packages/analysis/src/scenarios/index.js';
import { createCfcRuntime, createHostStates, stepHosts } from '../server/src/analysis/cfc-runtime.js';
import { machine, median } from './lib.js';

const { values: flags } = parseArgs({ options: { sizes: { type: 'string', default: '1,64,256,1000' }, rounds: { type: 'string', default: '7' }, inputs: { type: 'string', default: '20' } } });
const SIZES = flags.sizes.split(',').map(Number);
const ROUNDS = Number(flags.rounds);
const N_IN = Number(flags.inputs);
const H = 32;
const ROUND_MS = 150;
const TARGET_MS = 0.05;

const model = nn.createCfc({ inputs: N_IN, hidden: H, backboneUnits: 64 }, { seed: 1 });
const runtime = await createCfcRuntime(nn.exportOnnx(model), { intraOpThreads: 1 });
const rng = createRng(2);

/** Milliseconds per call of `fn`, over as many calls as fit in ROUND_MS. */
async function timePerCall(fn: () => unknown): Promise<number> {
  let calls = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ROUND_MS) {
    await fn();
    calls++;
    t = performance.now();
  }
  return (t - t0) / calls;
}

const rows: Array<Record<string, number>> = [];
for (const n of SIZES) {
  const x = Float32Array.from({ length: n * N_IN }, () => rng.normal());
  const h = Float32Array.from({ length: n * H }, () => rng.range(-1, 1));
  const dt = new Float32Array(n).fill(1);
  const ts = nn.createCfcRunner(model, n);
  const states = createHostStates({ nHidden: H, stepSeconds: 60 });
  const hosts = Array.from({ length: n }, (_, i) => ({ hostId: `host-${i}`, ts: 0, x: x.subarray(i * N_IN, (i + 1) * N_IN) }));
  let clock = 0;
  const withStates = () => {
    clock += 60;
    for (const s of hosts) s.ts = clock;
    return stepHosts(runtime, states, hosts);
  };
  // Warm-up: JIT for the TypeScript path, allocator and kernels for onnxruntime.
  for (let i = 0; i < 20; i++) {
    await runtime.runBatch({ n, x, h, dt });
    ts.step(n, x, h, dt);
    await withStates();
  }
  const onnx: number[] = [];
  const tsMs: number[] = [];
  const stateful: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    onnx.push((await timePerCall(() => runtime.runBatch({ n, x, h, dt }))) / n);
    tsMs.push((await timePerCall(() => ts.step(n, x, h, dt))) / n);
    stateful.push((await timePerCall(withStates)) / n);
  }
  const row = { hosts: n, onnxMsPerHostStep: median(onnx), typescriptMsPerHostStep: median(tsMs), stepHostsMsPerHostStep: median(stateful) };
  rows.push(row);
  const ratio = row.typescriptMsPerHostStep / row.onnxMsPerHostStep;
  console.error(
    `N=${String(n).padStart(5)}  onnxruntime ${row.onnxMsPerHostStep.toFixed(5)} ms/host-step  TypeScript ${row.typescriptMsPerHostStep.toFixed(5)}  (onnxruntime ${ratio.toFixed(2)}× faster)  stepHosts ${row.stepHostsMsPerHostStep.toFixed(5)}  ${row.onnxMsPerHostStep <= TARGET_MS ? 'meets' : 'misses'} ≤ ${TARGET_MS}`,
  );
}
await runtime.close();
console.log(JSON.stringify({ bench: 'nn-inference', machine: machine(), inputs: N_IN, hidden: H, backboneUnits: 64, targetMs: TARGET_MS, rows }));
