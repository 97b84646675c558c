// The hot loops of C-SGD and C-HSGD (the TypeScript twins of wasm/sgd.wat, bit for bit): one pass
// over the d coordinates per step, inlined SFC32 generators feeding an inlined ziggurat. The ziggurat's rare slow path (~0.5% of draws) is
// deferred until after the loop, so the loop itself holds no call (a call would force the loop's
// state out of registers). The deferred draws continue the same stream: results stay deterministic.
import { ZIG_KN, ZIG_MASK, ZIG_WN, type Rng } from '../math/rng';

const KN = Int32Array.from(ZIG_KN, (x) => Math.min(x, 2147483647));
const WN = ZIG_WN;

/** Scratch for deferred slow-path draws (grown on demand, never inside a loop). */
let rejectIndex = new Int32Array(1024);
let rejectBits = new Int32Array(1024);
function ensureScratch(d: number): void {
  if (rejectIndex.length < d) {
    rejectIndex = new Int32Array(d);
    rejectBits = new Int32Array(d);
  }
}

/**
 * SGD pass: w -= coef * a (the previous step's update), then a = sqrt(lambda) z with fresh z;
 * returns <a, w> in out[0] and |a|^2 in out[1]. `sqrtLambda` null means the identity spectrum.
 * Even coordinates draw from the main generator, odd ones from the second (Rng.state[4..7]).
 */
export function sgdPass(w: Float64Array, a: Float64Array, sqrtLambda: Float64Array | null, coef: number, rng: Rng, out: Float64Array): void {
  if (sqrtLambda === null) sgdPassIdentity(w, a, coef, rng, out);
  else sgdPassScaled(w, a, sqrtLambda, coef, rng, out);
}

function sgdPassIdentity(w: Float64Array, a: Float64Array, coef: number, rng: Rng, out: Float64Array): void {
  const n = w.length;
  ensureScratch(n);
  const ri = rejectIndex;
  const rb = rejectBits;
  const kn = KN;
  const wn = WN;
  const st = rng.state;
  let g0 = st[0];
  let g1 = st[1];
  let g2 = st[2];
  let g3 = st[3];
  let h0 = st[4];
  let h1 = st[5];
  let h2 = st[6];
  let h3 = st[7];
  // Two lanes (even and odd coordinates), summed at the end: the WebAssembly pass's SIMD lanes.
  let dot0 = 0;
  let dot1 = 0;
  let an0 = 0;
  let an1 = 0;
  let nrej = 0;
  const pairsEnd = n - (n & 1);
  for (let i = 0; i < pairsEnd; i += 2) {
    const w0 = w[i] - coef * a[i];
    const w1 = w[i + 1] - coef * a[i + 1];
    w[i] = w0;
    w[i + 1] = w1;
    const x = (g0 + g1 + g3) | 0;
    g3 = (g3 + 1) | 0;
    g0 = g1 ^ (g1 >>> 9);
    g1 = (g2 + (g2 << 3)) | 0;
    g2 = (((g2 << 21) | (g2 >>> 11)) + x) | 0;
    const y = (h0 + h1 + h3) | 0;
    h3 = (h3 + 1) | 0;
    h0 = h1 ^ (h1 >>> 9);
    h1 = (h2 + (h2 << 3)) | 0;
    h2 = (((h2 << 21) | (h2 >>> 11)) + y) | 0;
    const ix = x & ZIG_MASK;
    let z0 = 0;
    if ((x ^ (x >> 31)) < kn[ix]) z0 = x * wn[ix];
    else {
      ri[nrej] = i;
      rb[nrej] = x;
      nrej++;
    }
    const iy = y & ZIG_MASK;
    let z1 = 0;
    if ((y ^ (y >> 31)) < kn[iy]) z1 = y * wn[iy];
    else {
      ri[nrej] = i + 1;
      rb[nrej] = y;
      nrej++;
    }
    const a0 = z0;
    const a1 = z1;
    a[i] = a0;
    a[i + 1] = a1;
    dot0 += a0 * w0;
    dot1 += a1 * w1;
    an0 += a0 * a0;
    an1 += a1 * a1;
  }
  if (n & 1) {
    // A last odd coordinate: the main generator, lane 0.
    const i = n - 1;
    const wi = w[i] - coef * a[i];
    w[i] = wi;
    const x = (g0 + g1 + g3) | 0;
    g3 = (g3 + 1) | 0;
    g0 = g1 ^ (g1 >>> 9);
    g1 = (g2 + (g2 << 3)) | 0;
    g2 = (((g2 << 21) | (g2 >>> 11)) + x) | 0;
    const ix = x & ZIG_MASK;
    let z0 = 0;
    if ((x ^ (x >> 31)) < kn[ix]) z0 = x * wn[ix];
    else {
      ri[nrej] = i;
      rb[nrej] = x;
      nrej++;
    }
    const a0 = z0;
    a[i] = a0;
    dot0 += a0 * wi;
    an0 += a0 * a0;
  }
  st[0] = g0;
  st[1] = g1;
  st[2] = g2;
  st[3] = g3;
  st[4] = h0;
  st[5] = h1;
  st[6] = h2;
  st[7] = h3;
  let dot = dot0 + dot1;
  let an2 = an0 + an1;
  for (let j = 0; j < nrej; j++) {
    const i = ri[j];
    const x = rb[j];
    const ai = rng.normalTail(x, x & ZIG_MASK);
    a[i] = ai;
    dot += ai * w[i];
    an2 += ai * ai;
  }
  out[0] = dot;
  out[1] = an2;
}

function sgdPassScaled(w: Float64Array, a: Float64Array, sl: Float64Array, coef: number, rng: Rng, out: Float64Array): void {
  const n = w.length;
  ensureScratch(n);
  const ri = rejectIndex;
  const rb = rejectBits;
  const kn = KN;
  const wn = WN;
  const st = rng.state;
  let g0 = st[0];
  let g1 = st[1];
  let g2 = st[2];
  let g3 = st[3];
  let h0 = st[4];
  let h1 = st[5];
  let h2 = st[6];
  let h3 = st[7];
  // Two lanes (even and odd coordinates), summed at the end: the WebAssembly pass's SIMD lanes.
  let dot0 = 0;
  let dot1 = 0;
  let an0 = 0;
  let an1 = 0;
  let nrej = 0;
  const pairsEnd = n - (n & 1);
  for (let i = 0; i < pairsEnd; i += 2) {
    const w0 = w[i] - coef * a[i];
    const w1 = w[i + 1] - coef * a[i + 1];
    w[i] = w0;
    w[i + 1] = w1;
    const x = (g0 + g1 + g3) | 0;
    g3 = (g3 + 1) | 0;
    g0 = g1 ^ (g1 >>> 9);
    g1 = (g2 + (g2 << 3)) | 0;
    g2 = (((g2 << 21) | (g2 >>> 11)) + x) | 0;
    const y = (h0 + h1 + h3) | 0;
    h3 = (h3 + 1) | 0;
    h0 = h1 ^ (h1 >>> 9);
    h1 = (h2 + (h2 << 3)) | 0;
    h2 = (((h2 << 21) | (h2 >>> 11)) + y) | 0;
    const ix = x & ZIG_MASK;
    let z0 = 0;
    if ((x ^ (x >> 31)) < kn[ix]) z0 = x * wn[ix];
    else {
      ri[nrej] = i;
      rb[nrej] = x;
      nrej++;
    }
    const iy = y & ZIG_MASK;
    let z1 = 0;
    if ((y ^ (y >> 31)) < kn[iy]) z1 = y * wn[iy];
    else {
      ri[nrej] = i + 1;
      rb[nrej] = y;
      nrej++;
    }
    const a0 = sl[i] * z0;
    const a1 = sl[i + 1] * z1;
    a[i] = a0;
    a[i + 1] = a1;
    dot0 += a0 * w0;
    dot1 += a1 * w1;
    an0 += a0 * a0;
    an1 += a1 * a1;
  }
  if (n & 1) {
    // A last odd coordinate: the main generator, lane 0.
    const i = n - 1;
    const wi = w[i] - coef * a[i];
    w[i] = wi;
    const x = (g0 + g1 + g3) | 0;
    g3 = (g3 + 1) | 0;
    g0 = g1 ^ (g1 >>> 9);
    g1 = (g2 + (g2 << 3)) | 0;
    g2 = (((g2 << 21) | (g2 >>> 11)) + x) | 0;
    const ix = x & ZIG_MASK;
    let z0 = 0;
    if ((x ^ (x >> 31)) < kn[ix]) z0 = x * wn[ix];
    else {
      ri[nrej] = i;
      rb[nrej] = x;
      nrej++;
    }
    const a0 = sl[i] * z0;
    a[i] = a0;
    dot0 += a0 * wi;
    an0 += a0 * a0;
  }
  st[0] = g0;
  st[1] = g1;
  st[2] = g2;
  st[3] = g3;
  st[4] = h0;
  st[5] = h1;
  st[6] = h2;
  st[7] = h3;
  let dot = dot0 + dot1;
  let an2 = an0 + an1;
  for (let j = 0; j < nrej; j++) {
    const i = ri[j];
    const x = rb[j];
    const ai = sl[i] * rng.normalTail(x, x & ZIG_MASK);
    a[i] = ai;
    dot += ai * w[i];
    an2 += ai * ai;
  }
  out[0] = dot;
  out[1] = an2;
}

/**
 * HSGD pass (Euler-Maruyama): w_i <- w_i - drift lambda_i w_i + diffusion sqrt(lambda_i) z_i;
 * returns sum lambda_i w_i^2 (twice the new risk).
 */
export function hsgdPass(w: Float64Array, lambda: Float64Array, sqrtLambda: Float64Array, drift: number, diffusion: number, rng: Rng): number {
  const n = w.length;
  ensureScratch(n);
  const ri = rejectIndex;
  const rb = rejectBits;
  const kn = KN;
  const wn = WN;
  const st = rng.state;
  let s0 = st[0];
  let s1 = st[1];
  let s2 = st[2];
  let s3 = st[3];
  let sum = 0;
  let nrej = 0;
  for (let i = 0; i < n; i++) {
    const x = (s0 + s1 + s3) | 0;
    s3 = (s3 + 1) | 0;
    s0 = s1 ^ (s1 >>> 9);
    s1 = (s2 + (s2 << 3)) | 0;
    s2 = (((s2 << 21) | (s2 >>> 11)) + x) | 0;
    const iz = x & ZIG_MASK;
    let z = 0;
    if ((x ^ (x >> 31)) < kn[iz]) z = x * wn[iz];
    else {
      ri[nrej] = i;
      rb[nrej] = x;
      nrej++;
    }
    const li = lambda[i];
    const wi = w[i] - drift * li * w[i] + diffusion * sqrtLambda[i] * z;
    w[i] = wi;
    sum += li * wi * wi;
  }
  st[0] = s0;
  st[1] = s1;
  st[2] = s2;
  st[3] = s3;
  for (let j = 0; j < nrej; j++) {
    const i = ri[j];
    const x = rb[j];
    const li = lambda[i];
    const before = w[i];
    sum -= li * before * before;
    const wi = before + diffusion * sqrtLambda[i] * rng.normalTail(x, x & ZIG_MASK);
    w[i] = wi;
    sum += li * wi * wi;
  }
  return sum;
}
