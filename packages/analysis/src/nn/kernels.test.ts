// The blocked kernels against plain loops, on sizes that exercise every remainder path.
import { describe, expect, it } from 'vitest';
import { createRng } from '../scenarios/random.js';
import { accumulateOuter, gemm, transposeInto } from './kernels.js';

const rng = createRng(5);
const rand = (n: number) => Float64Array.from({ length: n }, () => rng.normal());

describe('dense kernels', () => {
  it('gemm matches a plain triple loop with bias, without bias and accumulating', () => {
    for (const [n, K, N] of [[1, 1, 1], [2, 3, 4], [3, 5, 7], [5, 8, 9], [7, 13, 6]] as const) {
      const X = rand(3 + n * (K + 2));
      const W = rand(4 + N * K);
      const b = rand(N + 1);
      for (const mode of ['bias', 'none', 'acc'] as const) {
        const Y = rand(2 + n * (N + 1));
        const want = Y.slice();
        for (let i = 0; i < n; i++)
          for (let j = 0; j < N; j++) {
            let s = mode === 'acc' ? want[2 + i * (N + 1) + j]! : mode === 'bias' ? b[1 + j]! : 0;
            for (let k = 0; k < K; k++) s += X[3 + i * (K + 2) + k]! * W[4 + j * K + k]!;
            want[2 + i * (N + 1) + j] = s;
          }
        gemm(n, K, N, X, 3, K + 2, W, 4, mode === 'bias' ? b : null, 1, Y, 2, N + 1, mode === 'acc');
        for (let i = 0; i < Y.length; i++) expect(Y[i]).toBeCloseTo(want[i]!, 12);
      }
    }
  });

  it('accumulateOuter adds dYᵀX and the column sums of dY', () => {
    for (const [S, N, K] of [[1, 1, 1], [4, 2, 3], [7, 5, 4], [9, 3, 8]] as const) {
      const dY = rand(S * N);
      const X = rand(1 + S * (K + 1));
      const dW = rand(N * K);
      const db = rand(N);
      const wantW = dW.slice();
      const wantB = db.slice();
      for (let s = 0; s < S; s++)
        for (let j = 0; j < N; j++) {
          wantB[j] = wantB[j]! + dY[s * N + j]!;
          for (let k = 0; k < K; k++) wantW[j * K + k] = wantW[j * K + k]! + dY[s * N + j]! * X[1 + s * (K + 1) + k]!;
        }
      accumulateOuter(S, N, K, dY, 0, X, 1, K + 1, dW, 0, db, 0);
      for (let i = 0; i < dW.length; i++) expect(dW[i]).toBeCloseTo(wantW[i]!, 12);
      for (let i = 0; i < db.length; i++) expect(db[i]).toBeCloseTo(wantB[i]!, 12);
    }
  });

  it('transposes', () => {
    const W = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const T = new Float64Array(6);
    transposeInto(2, 3, W, 0, T, 0);
    expect([...T]).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
