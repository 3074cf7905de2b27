/**
 * The CfC cell over a chunk of steps for a batch of rows, keeping what backpropagation through
 * time needs, and its backward pass. Rows are sequences running in lockstep; at each step the
 * active rows are a prefix (the trainer sorts sequences longest first), so samples of a chunk are
 * packed contiguously: step t holds rows [0, n_t) at samples [start_t, start_t + n_t).
 *
 * Forward, per row (ncps CfCCell, default mode):
 *   z = [x̃, h_{t−1}];  u = act(W_L … act(W_1 z + b_1) … + b_L)  (u = z without a backbone)
 *   ff1 = tanh(W_ff1 u + b), ff2 = tanh(W_ff2 u + b), ta = W_ta u + b, tb = W_tb u + b
 *   g = σ(ta·Δt + tb);  h_t = ff1·(1 − g) + g·ff2;  out = W_o h_t + b_o
 */
import { activate, type Activation } from './activations.js';
import type { Layout } from './config.js';
import { accumulateOuter, gemm, transposeInto } from './kernels.js';

export interface Engine {
  layout: Layout;
  maxRows: number;
  maxSteps: number;
  /** [S × concat]: write [x̃, h_{t−1}] of each active row before `forward(t)`. */
  z: Float64Array;
  /** [S × H]: h_t of every sample. */
  h: Float64Array;
  /** [S × outputs]: risk logits, log-TTF, class logits. */
  out: Float64Array;
  /** [S × outputs]: ∂loss/∂out, filled by the caller before `backward`. */
  dOut: Float64Array;
  /** [S]: Δt of every sample. */
  dt: Float64Array;
  /** [maxRows × H]: after `backward`, ∂loss/∂h before the chunk's first step. */
  dh0: Float64Array;
  /** [maxRows × inputs]: after `backward(…, true)`, ∂loss/∂x̃ of the chunk's first step. */
  dx0: Float64Array;
  /** Sample index of step t's first row; set by `begin`. */
  start: Int32Array;
  rows: Int32Array;
  /** Lay out a chunk: `rowsPerStep[t]` active rows at step t (non-increasing). Returns the sample count. */
  begin(rowsPerStep: ArrayLike<number>, steps: number): number;
  /** Forward of step t (its z rows and dt filled). */
  forward(params: Float64Array, t: number): void;
  /** Backward of the whole chunk: adds weight gradients into `grad` and leaves dh0 (and dx0). */
  backward(params: Float64Array, grad: Float64Array, wantInputGrad?: boolean): void;
}

/**
 * Buffers for chunks of up to `maxSteps` steps of `maxRows` rows.
 *
 * @example
 * const e = createEngine(layout, 'lecun_tanh', 32, 64);
 * e.begin([32, 32, 31], 3); // 95 samples
 */
export function createEngine(layout: Layout, activation: Activation, maxRows: number, maxSteps: number): Engine {
  const { nIn, hidden: H, units: U, layers: L, concat: C0, headIn: C, outputs: O } = layout;
  const S = maxRows * maxSteps;
  const H4 = 4 * H;
  const z = new Float64Array(S * C0);
  const act = Array.from({ length: L }, () => new Float64Array(S * U));
  const der = Array.from({ length: L }, () => new Float64Array(S * U));
  const dPre = Array.from({ length: L }, () => new Float64Array(S * U));
  const ff1 = new Float64Array(S * H);
  const ff2 = new Float64Array(S * H);
  const gate = new Float64Array(S * H);
  const h = new Float64Array(S * H);
  const out = new Float64Array(S * O);
  const dOut = new Float64Array(S * O);
  const dt = new Float64Array(S);
  const dP = new Float64Array(S * H4);
  const P = new Float64Array(maxRows * H4);
  const dh = new Float64Array(maxRows * H);
  const carry = new Float64Array(maxRows * H);
  const du = new Float64Array(maxRows * Math.max(C, U));
  const dx0 = new Float64Array(maxRows * nIn);
  const start = new Int32Array(maxSteps + 1);
  const rows = new Int32Array(maxSteps);
  const outT = new Float64Array(O * H);
  const headT = new Float64Array(H4 * C);
  const layerT = layout.backbone.map((b) => new Float64Array(U * b.inDim));
  let steps = 0;

  /** Input rows of the heads for samples from s: the last backbone layer, or z. */
  const headInput = (): [Float64Array, number] => (L > 0 ? [act[L - 1]!, U] : [z, C0]);

  const engine: Engine = {
    layout,
    maxRows,
    maxSteps,
    z,
    h,
    out,
    dOut,
    dt,
    dh0: carry,
    dx0,
    start,
    rows,
    begin(rowsPerStep, n) {
      if (n > maxSteps) throw new RangeError(`chunk of ${n} steps exceeds the engine's ${maxSteps}`);
      steps = n;
      let s = 0;
      for (let t = 0; t < n; t++) {
        const r = rowsPerStep[t]!;
        if (r > maxRows || (t > 0 && r > rows[t - 1]!)) throw new RangeError(`rows per step must be non-increasing and ≤ ${maxRows}`);
        start[t] = s;
        rows[t] = r;
        s += r;
      }
      start[n] = s;
      return s;
    },
    forward(params, t) {
      const n = rows[t]!;
      const s0 = start[t]!;
      let src = z;
      let srcDim = C0;
      for (let l = 0; l < L; l++) {
        const b = layout.backbone[l]!;
        const a = act[l]!;
        gemm(n, b.inDim, U, src, s0 * srcDim, srcDim, params, b.w, params, b.b, a, s0 * U, U, false);
        activate(activation, a, s0 * U, n * U, der[l]!, s0 * U);
        src = a;
        srcDim = U;
      }
      gemm(n, C, H4, src, s0 * srcDim, srcDim, params, layout.heads.w, params, layout.heads.b, P, 0, H4, false);
      for (let i = 0; i < n; i++) {
        const s = s0 + i;
        const p = i * H4;
        const q = s * H;
        const d = dt[s]!;
        for (let j = 0; j < H; j++) {
          const f1 = Math.tanh(P[p + j]!);
          const f2 = Math.tanh(P[p + H + j]!);
          const g = 1 / (1 + Math.exp(-(P[p + 2 * H + j]! * d + P[p + 3 * H + j]!)));
          ff1[q + j] = f1;
          ff2[q + j] = f2;
          gate[q + j] = g;
          h[q + j] = f1 * (1 - g) + g * f2;
        }
      }
      gemm(n, H, O, h, s0 * H, H, params, layout.readout.w, params, layout.readout.b, out, s0 * O, O, false);
    },
    backward(params, grad, wantInputGrad = false) {
      transposeInto(O, H, params, layout.readout.w, outT, 0);
      transposeInto(H4, C, params, layout.heads.w, headT, 0);
      for (let l = 0; l < L; l++) transposeInto(U, layout.backbone[l]!.inDim, params, layout.backbone[l]!.w, layerT[l]!, 0);
      carry.fill(0, 0, (rows[steps - 1] ?? 0) * H);
      for (let t = steps - 1; t >= 0; t--) {
        const n = rows[t]!;
        const s0 = start[t]!;
        const later = t + 1 < steps ? rows[t + 1]! : 0;
        // Rows whose sequence ends at this step get no gradient from the future.
        for (let k = 0; k < later * H; k++) dh[k] = carry[k]!;
        dh.fill(0, later * H, n * H);
        gemm(n, O, H, dOut, s0 * O, O, outT, 0, null, 0, dh, 0, H, true);
        for (let i = 0; i < n; i++) {
          const s = s0 + i;
          const q = s * H;
          const p = s * H4;
          const d = dt[s]!;
          for (let j = 0; j < H; j++) {
            const g = dh[i * H + j]!;
            const f1 = ff1[q + j]!;
            const f2 = ff2[q + j]!;
            const gt = gate[q + j]!;
            const dg = g * (f2 - f1) * gt * (1 - gt);
            dP[p + j] = g * (1 - gt) * (1 - f1 * f1);
            dP[p + H + j] = g * gt * (1 - f2 * f2);
            dP[p + 2 * H + j] = dg * d;
            dP[p + 3 * H + j] = dg;
          }
        }
        if (L === 0) {
          // Heads sit on z = [x̃, h]: the h part carries back, the x̃ part is the input gradient.
          gemm(n, H4, H, dP, s0 * H4, H4, headT, nIn * H4, null, 0, carry, 0, H, false);
          if (wantInputGrad && t === 0) gemm(n, H4, nIn, dP, s0 * H4, H4, headT, 0, null, 0, dx0, 0, nIn, false);
          continue;
        }
        gemm(n, H4, C, dP, s0 * H4, H4, headT, 0, null, 0, du, 0, C, false);
        for (let l = L - 1; l >= 0; l--) {
          const dp = dPre[l]!;
          const dr = der[l]!;
          for (let i = 0, e = s0 * U; i < n * U; i++, e++) dp[e] = du[i]! * dr[e]!;
          if (l > 0) {
            gemm(n, U, U, dp, s0 * U, U, layerT[l]!, 0, null, 0, du, 0, U, false);
          } else {
            gemm(n, U, H, dp, s0 * U, U, layerT[0]!, nIn * U, null, 0, carry, 0, H, false);
            if (wantInputGrad && t === 0) gemm(n, U, nIn, dp, s0 * U, U, layerT[0]!, 0, null, 0, dx0, 0, nIn, false);
          }
        }
      }
      const total = start[steps]!;
      accumulateOuter(total, O, H, dOut, 0, h, 0, H, grad, layout.readout.w, grad, layout.readout.b);
      const [u, uDim] = headInput();
      accumulateOuter(total, H4, C, dP, 0, u, 0, uDim, grad, layout.heads.w, grad, layout.heads.b);
      for (let l = 0; l < L; l++) {
        const b = layout.backbone[l]!;
        const src = l === 0 ? z : act[l - 1]!;
        accumulateOuter(total, U, b.inDim, dPre[l]!, 0, src, 0, b.inDim, grad, b.w, grad, b.b);
      }
    },
  };
  return engine;
}
