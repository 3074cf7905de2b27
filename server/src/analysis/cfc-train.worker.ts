/** A training worker: computes its share of each mini-batch chunk for `createThreadShares`. */
import { workerData } from 'node:worker_threads';
import { nn } from '@aura/analysis';
import { SHARE_STATE, type ShareWorkerData } from './cfc-train-parallel.js';

const { setup, control, params, grad, task, result } = workerData as ShareWorkerData;
try {
  const runner = nn.createShareRunner(setup);
  Atomics.store(control, 0, SHARE_STATE.ready);
  Atomics.notify(control, 0);
  for (;;) {
    let s: number;
    while ((s = Atomics.load(control, 0)) !== SHARE_STATE.task && s !== SHARE_STATE.stop) Atomics.wait(control, 0, s);
    if (s === SHARE_STATE.stop) break;
    grad.fill(0);
    const r = runner.run(params, { t0: task[0]!, fresh: task[1] === 1, rows: Array.from(task.subarray(3, 3 + task[2]!)) }, grad);
    result.set([r.loss, r.parts[0], r.parts[1], r.parts[2], r.samples]);
    Atomics.store(control, 0, SHARE_STATE.done);
    Atomics.notify(control, 0);
  }
} catch (err) {
  console.error(err);
  Atomics.store(control, 0, SHARE_STATE.failed);
  Atomics.notify(control, 0);
}
