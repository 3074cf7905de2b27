/** Test worker: loads an exported CfC model with the runtime and answers batches, as the analysis pool's workers will. */
import { parentPort, workerData } from 'node:worker_threads';
import { createCfcRuntime, type CfcBatchInput } from './cfc-runtime.js';

const runtime = await createCfcRuntime(workerData.onnx as Uint8Array);
parentPort!.on('message', async (batch: CfcBatchInput | 'close') => {
  if (batch === 'close') {
    await runtime.close();
    parentPort!.close();
    return;
  }
  const out = await runtime.runBatch(batch);
  parentPort!.postMessage({ n: batch.n, h: out.h, risk: out.risk, ttf: out.ttf, classProbs: out.classProbs });
});
parentPort!.postMessage('ready');
