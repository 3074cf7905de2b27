/** Backbone activations as in ncps (`lecun_tanh` is its default), with their derivatives for backpropagation. */

export const ACTIVATIONS = ['lecun_tanh', 'tanh', 'relu', 'silu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** LeCun's scaled tanh, 1.7159·tanh(0.666·x) (LeCun et al., "Efficient BackProp", 1998; ncps's constants). */
export const LECUN_A = 1.7159;
export const LECUN_B = 0.666;

/**
 * Apply the activation to pre[off..off+n) in place, writing its derivative at each point into
 * `deriv` (when given) for the backward pass.
 */
export function activate(kind: Activation, v: Float64Array, off: number, n: number, deriv: Float64Array | null, dOff: number): void {
  const end = off + n;
  switch (kind) {
    case 'lecun_tanh':
      for (let i = off, d = dOff; i < end; i++, d++) {
        const t = Math.tanh(LECUN_B * v[i]!);
        v[i] = LECUN_A * t;
        if (deriv) deriv[d] = LECUN_A * LECUN_B * (1 - t * t);
      }
      return;
    case 'tanh':
      for (let i = off, d = dOff; i < end; i++, d++) {
        const t = Math.tanh(v[i]!);
        v[i] = t;
        if (deriv) deriv[d] = 1 - t * t;
      }
      return;
    case 'relu':
      for (let i = off, d = dOff; i < end; i++, d++) {
        const x = v[i]!;
        v[i] = x > 0 ? x : 0;
        if (deriv) deriv[d] = x > 0 ? 1 : 0;
      }
      return;
    case 'silu':
      for (let i = off, d = dOff; i < end; i++, d++) {
        const x = v[i]!;
        const s = 1 / (1 + Math.exp(-x));
        v[i] = x * s;
        if (deriv) deriv[d] = s * (1 + x * (1 - s));
      }
      return;
  }
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
