/**
 * Dense kernels for the CfC cell, written for V8: flat Float64Arrays with offsets, no allocation,
 * register blocking (2 rows × 4 outputs, 4 samples × 2 rows) so every loaded weight is used
 * several times. Shapes are row-major; a weight matrix W with N rows of K holds W[j·K + k].
 */

type F = Float64Array;
/** Inputs may come straight from a dataset in float32. */
type In = Float64Array | Float32Array;

/**
 * Y[i, j] = (accumulate ? Y[i, j] : b[j] or 0) + Σ_k X[i, k]·W[j, k] for i < n, j < N.
 * X rows start at xOff + i·xStride, Y rows at yOff + i·yStride, W rows at wOff + j·K.
 */
export function gemm(
  n: number,
  K: number,
  N: number,
  X: In,
  xOff: number,
  xStride: number,
  W: F,
  wOff: number,
  b: F | null,
  bOff: number,
  Y: F,
  yOff: number,
  yStride: number,
  accumulate: boolean,
): void {
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const x0 = xOff + i * xStride;
    const x1 = x0 + xStride;
    const y0 = yOff + i * yStride;
    const y1 = y0 + yStride;
    let j = 0;
    for (; j + 3 < N; j += 4) {
      const w0 = wOff + j * K;
      const w1 = w0 + K;
      const w2 = w1 + K;
      const w3 = w2 + K;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < K; k++) {
        const a = X[x0 + k]!;
        const c = X[x1 + k]!;
        const v0 = W[w0 + k]!;
        const v1 = W[w1 + k]!;
        const v2 = W[w2 + k]!;
        const v3 = W[w3 + k]!;
        s00 += a * v0;
        s01 += a * v1;
        s02 += a * v2;
        s03 += a * v3;
        s10 += c * v0;
        s11 += c * v1;
        s12 += c * v2;
        s13 += c * v3;
      }
      if (accumulate) {
        Y[y0 + j] = Y[y0 + j]! + s00;
        Y[y0 + j + 1] = Y[y0 + j + 1]! + s01;
        Y[y0 + j + 2] = Y[y0 + j + 2]! + s02;
        Y[y0 + j + 3] = Y[y0 + j + 3]! + s03;
        Y[y1 + j] = Y[y1 + j]! + s10;
        Y[y1 + j + 1] = Y[y1 + j + 1]! + s11;
        Y[y1 + j + 2] = Y[y1 + j + 2]! + s12;
        Y[y1 + j + 3] = Y[y1 + j + 3]! + s13;
      } else if (b !== null) {
        const b0 = b[bOff + j]!, b1 = b[bOff + j + 1]!, b2 = b[bOff + j + 2]!, b3 = b[bOff + j + 3]!;
        Y[y0 + j] = s00 + b0;
        Y[y0 + j + 1] = s01 + b1;
        Y[y0 + j + 2] = s02 + b2;
        Y[y0 + j + 3] = s03 + b3;
        Y[y1 + j] = s10 + b0;
        Y[y1 + j + 1] = s11 + b1;
        Y[y1 + j + 2] = s12 + b2;
        Y[y1 + j + 3] = s13 + b3;
      } else {
        Y[y0 + j] = s00;
        Y[y0 + j + 1] = s01;
        Y[y0 + j + 2] = s02;
        Y[y0 + j + 3] = s03;
        Y[y1 + j] = s10;
        Y[y1 + j + 1] = s11;
        Y[y1 + j + 2] = s12;
        Y[y1 + j + 3] = s13;
      }
    }
    for (; j < N; j++) {
      const w0 = wOff + j * K;
      let s0 = 0, s1 = 0;
      for (let k = 0; k < K; k++) {
        const v = W[w0 + k]!;
        s0 += X[x0 + k]! * v;
        s1 += X[x1 + k]! * v;
      }
      const base = accumulate ? 0 : b !== null ? b[bOff + j]! : 0;
      if (accumulate) {
        Y[y0 + j] = Y[y0 + j]! + s0;
        Y[y1 + j] = Y[y1 + j]! + s1;
      } else {
        Y[y0 + j] = s0 + base;
        Y[y1 + j] = s1 + base;
      }
    }
  }
  if (i < n) gemmRow(K, N, X, xOff + i * xStride, W, wOff, b, bOff, Y, yOff + i * yStride, accumulate);
}

/** One row of `gemm`: y[j] = (accumulate ? y[j] : b[j] or 0) + Σ_k x[k]·W[j, k]. */
export function gemmRow(K: number, N: number, X: In, x0: number, W: F, wOff: number, b: F | null, bOff: number, Y: F, y0: number, accumulate: boolean): void {
  let j = 0;
  for (; j + 3 < N; j += 4) {
    const w0 = wOff + j * K;
    const w1 = w0 + K;
    const w2 = w1 + K;
    const w3 = w2 + K;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let k = 0; k < K; k++) {
      const a = X[x0 + k]!;
      s0 += a * W[w0 + k]!;
      s1 += a * W[w1 + k]!;
      s2 += a * W[w2 + k]!;
      s3 += a * W[w3 + k]!;
    }
    if (accumulate) {
      Y[y0 + j] = Y[y0 + j]! + s0;
      Y[y0 + j + 1] = Y[y0 + j + 1]! + s1;
      Y[y0 + j + 2] = Y[y0 + j + 2]! + s2;
      Y[y0 + j + 3] = Y[y0 + j + 3]! + s3;
    } else {
      const bz = b !== null;
      Y[y0 + j] = s0 + (bz ? b[bOff + j]! : 0);
      Y[y0 + j + 1] = s1 + (bz ? b[bOff + j + 1]! : 0);
      Y[y0 + j + 2] = s2 + (bz ? b[bOff + j + 2]! : 0);
      Y[y0 + j + 3] = s3 + (bz ? b[bOff + j + 3]! : 0);
    }
  }
  for (; j < N; j++) {
    const w0 = wOff + j * K;
    let s = 0;
    for (let k = 0; k < K; k++) s += X[x0 + k]! * W[w0 + k]!;
    if (accumulate) Y[y0 + j] = Y[y0 + j]! + s;
    else Y[y0 + j] = s + (b !== null ? b[bOff + j]! : 0);
  }
}

/**
 * Weight gradient of a dense layer over S samples: dW[j, k] = dW[j, k]! + Σ_s dY[s, j]·X[s, k] and
 * db[j] += Σ_s dY[s, j]. dY rows have N entries; X rows start at xOff + s·xStride.
 */
export function accumulateOuter(S: number, N: number, K: number, dY: F, dyOff: number, X: F, xOff: number, xStride: number, dW: F, dwOff: number, db: F, dbOff: number): void {
  let s = 0;
  for (; s + 3 < S; s += 4) {
    const d0 = dyOff + s * N;
    const d1 = d0 + N;
    const d2 = d1 + N;
    const d3 = d2 + N;
    const x0 = xOff + s * xStride;
    const x1 = x0 + xStride;
    const x2 = x1 + xStride;
    const x3 = x2 + xStride;
    let j = 0;
    for (; j + 1 < N; j += 2) {
      const a0 = dY[d0 + j]!, a1 = dY[d1 + j]!, a2 = dY[d2 + j]!, a3 = dY[d3 + j]!;
      const c0 = dY[d0 + j + 1]!, c1 = dY[d1 + j + 1]!, c2 = dY[d2 + j + 1]!, c3 = dY[d3 + j + 1]!;
      db[dbOff + j] = db[dbOff + j]! + a0 + a1 + a2 + a3;
      db[dbOff + j + 1] = db[dbOff + j + 1]! + c0 + c1 + c2 + c3;
      const r0 = dwOff + j * K;
      const r1 = r0 + K;
      for (let k = 0; k < K; k++) {
        const v0 = X[x0 + k]!, v1 = X[x1 + k]!, v2 = X[x2 + k]!, v3 = X[x3 + k]!;
        dW[r0 + k] = dW[r0 + k]! + a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
        dW[r1 + k] = dW[r1 + k]! + c0 * v0 + c1 * v1 + c2 * v2 + c3 * v3;
      }
    }
    for (; j < N; j++) {
      const a0 = dY[d0 + j]!, a1 = dY[d1 + j]!, a2 = dY[d2 + j]!, a3 = dY[d3 + j]!;
      db[dbOff + j] = db[dbOff + j]! + a0 + a1 + a2 + a3;
      const r0 = dwOff + j * K;
      for (let k = 0; k < K; k++) dW[r0 + k] = dW[r0 + k]! + a0 * X[x0 + k]! + a1 * X[x1 + k]! + a2 * X[x2 + k]! + a3 * X[x3 + k]!;
    }
  }
  for (; s < S; s++) {
    const d0 = dyOff + s * N;
    const x0 = xOff + s * xStride;
    for (let j = 0; j < N; j++) {
      const a = dY[d0 + j]!;
      db[dbOff + j] = db[dbOff + j]! + a;
      const r0 = dwOff + j * K;
      for (let k = 0; k < K; k++) dW[r0 + k] = dW[r0 + k]! + a * X[x0 + k]!;
    }
  }
}

/** WT[k, j] = W[j, k] for W with N rows of K. */
export function transposeInto(N: number, K: number, W: F, wOff: number, WT: F, tOff: number): void {
  for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) WT[tOff + k * N + j] = W[wOff + j * K + k]!;
}
