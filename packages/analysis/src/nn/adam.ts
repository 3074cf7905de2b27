/**
 * Adam (Kingma & Ba, 2015) with bias correction, global gradient-norm clipping (as PyTorch's
 * `clip_grad_norm_`) and optional decoupled weight decay on weight matrices (AdamW, Loshchilov &
 * Hutter, 2019).
 */

export interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled decay per step, as a fraction of learningRate·θ; applied where `decayMask` is 1. */
  weightDecay: number;
  /** Clip the whole gradient to this L2 norm; Infinity to disable. */
  clipNorm: number;
}

export interface Adam {
  /** Steps taken so far. */
  readonly t: number;
  /** One update of `params` from `grad` (clipped in place); returns the gradient's norm before clipping. */
  step(params: Float64Array, grad: Float64Array): number;
}

/**
 * @example
 * const opt = createAdam(params.length, { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, clipNorm: 1 });
 * opt.step(params, grad);
 */
export function createAdam(size: number, s: AdamSettings, decayMask?: Uint8Array): Adam {
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  let t = 0;
  return {
    get t() {
      return t;
    },
    step(params, grad) {
      let sq = 0;
      for (let i = 0; i < size; i++) sq += grad[i]! * grad[i]!;
      const norm = Math.sqrt(sq);
      if (norm > s.clipNorm) {
        const f = s.clipNorm / norm;
        for (let i = 0; i < size; i++) grad[i] = grad[i]! * f;
      }
      t++;
      const c1 = 1 - Math.pow(s.beta1, t);
      const c2 = 1 - Math.pow(s.beta2, t);
      const lr = s.learningRate;
      const decay = lr * s.weightDecay;
      for (let i = 0; i < size; i++) {
        const g = grad[i]!;
        const mi = s.beta1 * m[i]! + (1 - s.beta1) * g;
        const vi = s.beta2 * v[i]! + (1 - s.beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        let p = params[i]!;
        if (decay !== 0 && decayMask && decayMask[i] === 1) p -= decay * p;
        params[i] = p - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + s.epsilon);
      }
      return norm;
    },
  };
}
