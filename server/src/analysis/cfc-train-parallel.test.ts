// Training on worker threads gives bit for bit the weights of the same shares computed on one
// thread, and a broken worker is reported instead of hanging the trainer.
import { Worker } from 'node:worker_threads';
import { nn } from '@aura/analysis';
import { syntheticSequences } from '../../../packages/analysis/src/nn/test-helpers.js';
import { describe, expect, it } from 'vitest';
import { createThreadShares } from './cfc-train-parallel.js';


describe('CfC training on worker threads', () => {
  it('equals the same shares computed on one thread, bit for bit', async () => {
    const seqs = syntheticSequences({ sequences: 14, steps: 200, inputs: 5, seed: 101 });
    const options = { hidden: 12, backboneUnits: 16, batchSize: 6, chunk: 25, epochs: 2, seed: 3, validationFraction: 0.2 } as const;
    const serial = nn.train(seqs, { ...options, shares: nn.createSerialShares(1) });
    const shares = createThreadShares(1);
    try {
      const threaded = nn.train(seqs, { ...options, shares });
      expect(Array.from(threaded.model.params)).toEqual(Array.from(serial.model.params));
      expect(threaded.history.map((e) => e.train.loss)).toEqual(serial.history.map((e) => e.train.loss));
    } finally {
      await shares.close();
    }
  });

  it('reports a worker that fails', async () => {
    const shares = createThreadShares(1, { spawn: (data) => new Worker("const { workerData } = require('node:worker_threads'); Atomics.store(workerData.control, 0, 4); Atomics.notify(workerData.control, 0);", { eval: true, workerData: data }) });
    const seqs = syntheticSequences({ sequences: 3, steps: 20, inputs: 2, seed: 1 });
    try {
      expect(() => nn.train(seqs, { epochs: 1, validationFraction: 0, shares })).toThrow(/training worker failed/);
    } finally {
      await shares.close();
    }
    expect(() => createThreadShares(0)).toThrow(/worker count/);
  });
});
