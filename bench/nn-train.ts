/**
 * CfC training speed on a synthetic dataset of the shipped model's size (host-days at 1-minute
 * steps): training steps per second (forward + backward + Adam, truncated BPTT) and forward-only
 * steps per second (validation), a projection of the shipped training time, and PyTorch on the
 * same cell, sizes, batches and chunks as the peer in the same run (bench/nn-train-torch.py,
 * Debian's python3-torch; reported missing when it is not installed), and the same training split
 * over worker threads (`createThreadShares`, cores − 1 workers). Target: the shipped model
 * trains in ≤ 15 minutes on this 2-core machine.
 *
 *   pnpm exec tsx bench/nn-train.ts [--sequences 300] [--steps 1440] [--inputs 20] [--epochs 30] [--rounds 3] [--workers 1]
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { nn } from '../packages/analysis/src/index.js';
import { syntheticSequences } from '../packages/analysis/src/nn/test-helpers.js';
import { createThreadShares } from '../server/src/analysis/cfc-train-parallel.js';
import { ROOT, machine, median } from './lib.js';

const { values: flags } = parseArgs({
  options: {
    sequences: { type: 'string', default: '300' },
    steps: { type: 'string', default: '1440' },
    inputs: { type: 'string', default: '20' },
    epochs: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    'sample-sequences': { type: 'string', default: '64' },
    workers: { type: 'string', default: String(Math.max(1, availableParallelism() - 1)) },
  },
});
const WORKERS = Number(flags.workers);

const SEQS = Number(flags.sequences);
const STEPS = Number(flags.steps);
const N_IN = Number(flags.inputs);
const EPOCHS = Number(flags.epochs);
const ROUNDS = Number(flags.rounds);
const SAMPLE = Math.min(SEQS, Number(flags['sample-sequences']));
const CELL = { hidden: 32, backboneUnits: 64, backboneLayers: 1, batchSize: 32, chunk: 64 } as const;
const VALIDATION = 0.2;
const BUDGET_S = 15 * 60;

// Each round trains one epoch on a sample of the dataset (speed per step does not depend on how
// many sequences there are), then times a validation pass.
const all = syntheticSequences({ sequences: SEQS, steps: STEPS, inputs: N_IN, seed: 1 });
const sample = all.slice(0, SAMPLE);
const trainRates: number[] = [];
const evalRates: number[] = [];
const trainCpuRates: number[] = [];
const evalCpuRates: number[] = [];
const torchRates: number[] = [];
const torchCpuRates: number[] = [];
const parallelRates: number[] = [];
/** CPU seconds per wall second during the threaded epoch: 2 on an idle 2-core machine. */
const parallelCores: number[] = [];
/** User + system CPU seconds of this process: less sensitive than wall time to other jobs on a shared machine. */
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const torch = findTorch();
for (let r = 0; r < ROUNDS; r++) {
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const res = nn.train(sample, { ...CELL, epochs: 1, validationFraction: 0, seed: r + 1 });
  trainRates.push(res.history[0]!.train.steps / ((performance.now() - t0) / 1000));
  trainCpuRates.push(res.history[0]!.train.steps / (cpuSeconds() - c0));
  const t1 = performance.now();
  const c1 = cpuSeconds();
  const rep = nn.evaluateLoss(res.model, sample, { batchSize: CELL.batchSize, chunk: CELL.chunk });
  evalRates.push(rep.steps / ((performance.now() - t1) / 1000));
  evalCpuRates.push(rep.steps / (cpuSeconds() - c1));
  if (WORKERS > 0) {
    const shares = createThreadShares(WORKERS);
    try {
      // Two epochs, the second one timed: worker start-up (loading sources, preparing the data) happens once per training.
      let mark = { wall: 0, cpu: 0 };
      nn.train(sample, {
        ...CELL,
        epochs: 2,
        validationFraction: 0,
        seed: r + 1,
        shares,
        onEpoch: (e) => {
          if (e.epoch === 2) {
            const wall = (performance.now() - mark.wall) / 1000;
            parallelRates.push(e.train.steps / wall);
            parallelCores.push((cpuSeconds() - mark.cpu) / wall);
          }
          mark = { wall: performance.now(), cpu: cpuSeconds() };
        },
      });
    } finally {
      await shares.close();
    }
  }
  if (torch) {
    const t = runTorch(torch);
    torchRates.push(t.stepsPerSecond);
    torchCpuRates.push(t.stepsPerCpuSecond);
  }
  console.error(
    `round ${r + 1}: TypeScript ${Math.round(trainRates.at(-1)!)} train steps/s (${Math.round(trainCpuRates.at(-1)!)} per CPU s), ${Math.round(evalRates.at(-1)!)} forward steps/s` +
      (WORKERS > 0 ? `; ${WORKERS + 1} threads ${Math.round(parallelRates.at(-1)!)} train steps/s using ${parallelCores.at(-1)!.toFixed(2)} cores` : '') +
      (torch ? `; PyTorch ${Math.round(torchRates.at(-1)!)} train steps/s (${Math.round(torchCpuRates.at(-1)!)} per CPU s)` : ''),
  );
}

const trainRate = median(trainRates);
const evalRate = median(evalRates);
const stepsPerEpoch = SEQS * STEPS;
const trainSteps = Math.round(stepsPerEpoch * (1 - VALIDATION));
const epochSeconds = trainSteps / trainRate + (stepsPerEpoch - trainSteps) / evalRate;
const projected = EPOCHS * epochSeconds;
// The same projection from CPU time: what a machine without other jobs would take (one core).
const cpuRate = median(trainCpuRates);
const parallelRate = WORKERS > 0 ? median(parallelRates) : null;
const projectedParallel = parallelRate ? EPOCHS * (trainSteps / parallelRate + (stepsPerEpoch - trainSteps) / evalRate) : null;
const projectedCpu = EPOCHS * (trainSteps / cpuRate + (stepsPerEpoch - trainSteps) / median(evalCpuRates));
const result = {
  bench: 'nn-train',
  machine: machine(),
  dataset: { sequences: SEQS, stepsPerSequence: STEPS, inputs: N_IN, stepsPerEpoch, validationShare: VALIDATION },
  cell: CELL,
  typescriptTrainStepsPerSecond: Math.round(trainRate),
  typescriptForwardStepsPerSecond: Math.round(evalRate),
  typescriptTrainStepsPerCpuSecond: Math.round(cpuRate),
  threads: WORKERS + 1,
  parallelTrainStepsPerSecond: parallelRate && Math.round(parallelRate),
  parallelCoresUsed: WORKERS > 0 ? Math.round(median(parallelCores) * 100) / 100 : null,
  typescriptForwardStepsPerCpuSecond: Math.round(median(evalCpuRates)),
  pytorchTrainStepsPerSecond: torch ? Math.round(median(torchRates)) : null,
  pytorchTrainStepsPerCpuSecond: torch ? Math.round(median(torchCpuRates)) : null,
  ratioToPytorch: torch ? Math.round((trainRate / median(torchRates)) * 100) / 100 : null,
  ratioToPytorchCpu: torch ? Math.round((cpuRate / median(torchCpuRates)) * 100) / 100 : null,
  projectedEpochSeconds: Math.round(epochSeconds),
  projectedSecondsFor: {
    epochs: EPOCHS,
    seconds: Math.round(projected),
    fromCpuTime: Math.round(projectedCpu),
    parallel: projectedParallel && Math.round(projectedParallel),
  },
  budgetSeconds: BUDGET_S,
  meets: Math.min(projected, projectedParallel ?? Infinity) <= BUDGET_S,
  runs: { typescript: trainRates.map(Math.round), typescriptCpu: trainCpuRates.map(Math.round), parallel: parallelRates.map(Math.round), parallelCores: parallelCores.map((c) => Math.round(c * 100) / 100), forward: evalRates.map(Math.round), pytorch: torchRates.map(Math.round), pytorchCpu: torchCpuRates.map(Math.round) },
};
console.error(
  `projected: ${EPOCHS} epochs of ${stepsPerEpoch} steps in ${(projected / 60).toFixed(1)} min wall on 1 thread (${(projectedCpu / 60).toFixed(1)} min from CPU time)` +
    (projectedParallel ? `, ${(projectedParallel / 60).toFixed(1)} min wall on ${WORKERS + 1} threads (using ${median(parallelCores).toFixed(2)} cores)` : '') +
    `; budget 15 min: ${result.meets ? 'meets' : 'misses'}`,
);
console.log(JSON.stringify(result));

function findTorch(): string | null {
  for (const py of ['/usr/bin/python3', 'python3']) if (spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return py;
  console.error('PyTorch not found (Debian: apt-get install python3-torch): the peer is left out');
  return null;
}

/** PyTorch's training steps per second on the same cell, one thread (like one Node thread). */
function runTorch(python: string): { stepsPerSecond: number; stepsPerCpuSecond: number } {
  const args = [join(ROOT, 'bench/nn-train-torch.py'), '--sequences', String(SAMPLE), '--steps', String(STEPS), '--inputs', String(N_IN), '--hidden', '32', '--units', '64', '--batch', '32', '--chunk', '64', '--threads', '1'];
  const r = spawnSync(python, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`PyTorch peer failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { stepsPerSecond: number; stepsPerCpuSecond: number };
}
