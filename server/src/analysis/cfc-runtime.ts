/**
 * Runs an exported CfC cell (see `nn.exportOnnx`) with onnxruntime-node: one step for many hosts
 * per call, and each host's hidden state carried between steps, reset on first sight and after a
 * gap in its data. Meant for the analysis worker threads; times are event times, never the clock.
 */
import { nn } from '@aura/analysis';
import { FAILURE_CLASSES, HORIZONS, type FailureClass, type Horizon } from '@aura/protocol';
import { InferenceSession, Tensor } from 'onnxruntime-node';

export interface CfcRuntimeOptions {
  /**
   * Threads onnxruntime may use inside one run (default 1): the server runs one session per
   * worker in a pool of cores − 1 workers, so more would oversubscribe the machine.
   */
  intraOpThreads?: number;
}

/** One step for n hosts, row-major float32: x n × inputs (raw features), h n × hidden, dt n (minutes). */
export interface CfcBatchInput {
  n: number;
  x: Float32Array;
  h: Float32Array;
  dt: Float32Array;
}

export interface CfcBatchOutput {
  /** n × hidden. */
  h: Float32Array;
  /** n × 4: probability of failure within 15m, 1h, 2h, 4h. */
  risk: Float32Array;
  /** n: ln(1 + minutes to failure). */
  ttf: Float32Array;
  /** n × 8, over FAILURE_CLASSES. */
  classProbs: Float32Array;
}

export interface CfcRuntime {
  /** The model's id (`cfc-…`), as in its JSON file. */
  readonly modelId: string;
  /** Feature names, in input order. */
  readonly inputs: readonly string[];
  readonly nIn: number;
  readonly nHidden: number;
  runBatch(input: CfcBatchInput): Promise<CfcBatchOutput>;
  close(): Promise<void>;
}

/**
 * Load ONNX bytes written by `nn.exportOnnx` into a CPU session.
 *
 * @example
 * const runtime = await createCfcRuntime(readFileSync('cfc.onnx'));
 * const out = await runtime.runBatch({ n: 2, x, h: new Float32Array(2 * runtime.nHidden), dt: Float32Array.of(1, 1) });
 * out.risk[3]; // first host, 4-hour risk
 */
export async function createCfcRuntime(onnx: Uint8Array, options: CfcRuntimeOptions = {}): Promise<CfcRuntime> {
  const info = nn.describeOnnx(onnx);
  const modelId = info.metadata['aura.model'];
  const dim = (list: typeof info.inputs, name: string) => list.find((t) => t.name === name)?.dims[1];
  const nIn = dim(info.inputs, 'x');
  const nHidden = dim(info.inputs, 'h');
  if (!modelId || typeof nIn !== 'number' || typeof nHidden !== 'number' || nn.ONNX_OUTPUTS.some((o) => !info.outputs.some((t) => t.name === o))) {
    throw new RangeError(`not an AURA CfC model: expected inputs x [N, inputs], h [N, hidden], dt [N, 1], outputs ${nn.ONNX_OUTPUTS.join(', ')} and "aura.model" metadata (write it with nn.exportOnnx)`);
  }
  const inputs: string[] = JSON.parse(info.metadata['aura.inputs'] ?? '[]');
  const threads = options.intraOpThreads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`intraOpThreads must be a whole number ≥ 1 (e.g. 1), got ${threads}`);
  const session = await InferenceSession.create(onnx, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  return {
    modelId,
    inputs,
    nIn,
    nHidden,
    async runBatch({ n, x, h, dt }) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`runBatch: n must be a whole number of hosts ≥ 1, got ${n}`);
      if (x.length !== n * nIn) throw new RangeError(`runBatch: x has ${x.length} values, expected n × inputs = ${n} × ${nIn}`);
      if (h.length !== n * nHidden) throw new RangeError(`runBatch: h has ${h.length} values, expected n × hidden = ${n} × ${nHidden}`);
      if (dt.length !== n) throw new RangeError(`runBatch: dt has ${dt.length} values, expected one per host (${n}), in minutes`);
      const out = await session.run({
        x: new Tensor('float32', x, [n, nIn]),
        h: new Tensor('float32', h, [n, nHidden]),
        dt: new Tensor('float32', dt, [n, 1]),
      });
      return {
        h: out.h_out!.data as Float32Array,
        risk: out.risk!.data as Float32Array,
        ttf: out.ttf!.data as Float32Array,
        classProbs: out.class_probs!.data as Float32Array,
      };
    },
    close: () => session.release(),
  };
}

export interface HostStatesOptions {
  nHidden: number;
  /** The model's nominal step (default 60 s): the Δt given on a host's first step and after a reset. */
  stepSeconds?: number;
  /** A gap longer than this resets the host's state (default 3 steps). */
  maxGapSeconds?: number;
}

interface HostState {
  ts: number;
  h: Float32Array;
}

/** A host's CfC state between steps as plain JSON, to persist with the host's analysis state. */
export interface CfcHostState {
  /** Event time of the last step, unix seconds. */
  ts: number;
  /** Hidden state after that step. */
  h: number[];
}

/** Each host's hidden state and the event time of its last step. */
export interface HostStates {
  /**
   * Fill h (n × hidden) and dt (n, minutes) for a batch of hosts at event times ts (unix
   * seconds). A host seen for the first time, or after a gap, starts from zeros; returns which
   * rows were reset. A time not after the host's last step, or a host twice in one batch, is
   * refused before anything changes.
   */
  gather(hostIds: readonly string[], ts: readonly number[], h: Float32Array, dt: Float32Array): boolean[];
  /** Keep each host's new state (n × hidden) and time after a successful run. */
  commit(hostIds: readonly string[], ts: readonly number[], hOut: Float32Array): void;
  /** The host's state as plain data (undefined if never seen or forgotten). */
  get(hostId: string): CfcHostState | undefined;
  /** Restore a persisted state (e.g. after a restart, or when hosts move between workers). */
  set(hostId: string, state: CfcHostState): void;
  forget(hostId: string): void;
  readonly size: number;
}

/**
 * @example
 * const states = createHostStates({ nHidden: 32, stepSeconds: 60 });
 * const resets = states.gather(ids, times, h, dt); // then run, then states.commit(ids, times, out.h)
 */
export function createHostStates(options: HostStatesOptions): HostStates {
  const H = options.nHidden;
  const step = options.stepSeconds ?? 60;
  const maxGap = options.maxGapSeconds ?? 3 * step;
  if (!(step > 0) || !(maxGap >= step)) throw new RangeError(`host states: stepSeconds must be > 0 and maxGapSeconds ≥ stepSeconds (e.g. { stepSeconds: 60, maxGapSeconds: 180 }), got ${step} and ${maxGap}`);
  const hosts = new Map<string, HostState>();
  return {
    gather(hostIds, ts, h, dt) {
      const n = hostIds.length;
      if (ts.length !== n || h.length !== n * H || dt.length !== n) throw new RangeError(`gather: ${n} hosts need ${n} times, h of ${n} × ${H} and dt of ${n}`);
      const seen = new Set<string>();
      const found: Array<HostState | undefined> = new Array(n);
      for (let i = 0; i < n; i++) {
        const id = hostIds[i]!;
        if (seen.has(id)) throw new RangeError(`gather: host ${id} appears twice in one batch`);
        seen.add(id);
        const t = ts[i]!;
        if (!Number.isFinite(t)) throw new RangeError(`gather: host ${id} has time ${t}; expected unix seconds`);
        const last = hosts.get(id);
        if (last && t <= last.ts) throw new RangeError(`gather: host ${id} at ${t} is not after its last step at ${last.ts}`);
        found[i] = last;
      }
      const resets: boolean[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const last = found[i];
        const gap = last ? ts[i]! - last.ts : Infinity;
        const reset = gap > maxGap;
        resets[i] = reset;
        if (reset) h.fill(0, i * H, (i + 1) * H);
        else h.set(last!.h, i * H);
        dt[i] = (reset ? step : gap) / 60;
      }
      return resets;
    },
    commit(hostIds, ts, hOut) {
      for (let i = 0; i < hostIds.length; i++) {
        const id = hostIds[i]!;
        const state = hosts.get(id);
        const row = hOut.subarray(i * H, (i + 1) * H);
        if (state) {
          state.ts = ts[i]!;
          state.h.set(row);
        } else hosts.set(id, { ts: ts[i]!, h: row.slice() });
      }
    },
    get(hostId) {
      const s = hosts.get(hostId);
      return s && { ts: s.ts, h: Array.from(s.h) };
    },
    set(hostId, state) {
      if (!Number.isFinite(state.ts) || state.h.length !== H || !state.h.every(Number.isFinite)) {
        throw new RangeError(`host ${hostId}: a CfC state needs a finite ts (unix seconds) and ${H} finite hidden values, got ts ${state.ts} and ${state.h.length} values`);
      }
      hosts.set(hostId, { ts: state.ts, h: Float32Array.from(state.h) });
    },
    forget(hostId) {
      hosts.delete(hostId);
    },
    get size() {
      return hosts.size;
    },
  };
}

/** One host's step: its raw features (in the model's input order) at event time ts (unix seconds). */
export interface HostStep {
  hostId: string;
  ts: number;
  x: ArrayLike<number>;
}

export interface HostPrediction {
  hostId: string;
  ts: number;
  risk: Record<Horizon, number>;
  /** Expected seconds to failure (decoded from the log-scale output). */
  ttfSeconds: number;
  class: FailureClass;
  classProbability: number;
  /** The state started from zeros (first sight or a gap). */
  reset: boolean;
}

/**
 * One batched step for many hosts: gather states, run, keep the new states.
 *
 * @example
 * const [p] = await stepHosts(runtime, states, [{ hostId: 'web-1', ts: 1_700_000_060, x: features }]);
 * p.risk['4h']; // → 0.03
 */
export async function stepHosts(runtime: CfcRuntime, states: HostStates, steps: readonly HostStep[]): Promise<HostPrediction[]> {
  const n = steps.length;
  if (n === 0) return [];
  const { nIn, nHidden: H } = runtime;
  const ids = steps.map((s) => s.hostId);
  const ts = steps.map((s) => s.ts);
  const x = new Float32Array(n * nIn);
  steps.forEach((s, i) => {
    if (s.x.length !== nIn) throw new RangeError(`host ${s.hostId}: ${s.x.length} features given, the model takes ${nIn} (${runtime.inputs.slice(0, 3).join(', ')}, …)`);
    for (let k = 0; k < nIn; k++) x[i * nIn + k] = s.x[k]!;
  });
  const h = new Float32Array(n * H);
  const dt = new Float32Array(n);
  const resets = states.gather(ids, ts, h, dt);
  const out = await runtime.runBatch({ n, x, h, dt });
  states.commit(ids, ts, out.h);
  const K = FAILURE_CLASSES.length;
  return steps.map((s, i) => {
    let best = 0;
    for (let k = 1; k < K; k++) if (out.classProbs[i * K + k]! > out.classProbs[i * K + best]!) best = k;
    const r = i * HORIZONS.length;
    return {
      hostId: s.hostId,
      ts: s.ts,
      risk: { '15m': out.risk[r]!, '1h': out.risk[r + 1]!, '2h': out.risk[r + 2]!, '4h': out.risk[r + 3]! },
      ttfSeconds: 60 * nn.decodeTtf(out.ttf[i]!),
      class: FAILURE_CLASSES[best]!,
      classProbability: out.classProbs[i * K + best]!,
      reset: resets[i]!,
    };
  });
}
