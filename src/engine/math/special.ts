// Special functions for the numerics: the normal tail to full double precision, log-gamma, the
// regularized incomplete beta (Student-t tails) and Gauss-Legendre rules. Pure, allocation-free.

const SQRT1_2 = Math.SQRT1_2;
export const INV_SQRT_2PI = 0.3989422804014327;

// Chebyshev expansions of R(t) = erfc(z) exp(z^2) / t with t = 2 / (2 + z), fitted offline
// (mpmath, 40 digits) on t in [0, 1/2] (z >= 2) and t in [1/2, 1] (0 <= z <= 2); |error| < 1e-17.
const CHEB_FAR = new Float64Array([0.38377628762302223, 0.11348252794437008, 0.01266886699096069, 0.00087318310761425269, -1.6248223706605957e-6, -7.4950757086196545e-6, -4.6633312316645543e-7, 6.516162625538781e-8, 8.8960714710276358e-9, -7.257604548418687e-10, -1.601296389321607e-10, 1.1689133902121993e-11, 3.0748458349611888e-12, -2.7166027825535752e-13, -6.2164955848434873e-14, 7.9304223608977227e-15, 1.2351095671819926e-15, -2.5340822504959126e-16, -2.0326058099781148e-17, 8.14002511782615e-18]);
const CHEB_NEAR = new Float64Array([0.73731561395118596, 0.2448112698900007, 0.018174350441553346, -0.00020958551660223834, -9.4835795808258725e-5, 2.6860524153087574e-6, 5.4912306585803195e-7, -4.7234169343871967e-8, -1.3801952424815093e-9, 4.9973505678581501e-10, -2.9765301287723359e-11, -1.8536592836026999e-12, 4.7059280927255536e-13, -3.2038645983726297e-14, -1.1649062943080711e-15, 4.7356316045918772e-16, -4.6277483389118733e-17]);

function clenshaw(c: Float64Array, u: number): number {
  let b1 = 0;
  let b2 = 0;
  const u2 = 2 * u;
  for (let j = c.length - 1; j >= 1; j--) {
    const b0 = u2 * b1 - b2 + c[j];
    b2 = b1;
    b1 = b0;
  }
  return u * b1 - b2 + c[0];
}

/**
 * Q(x) / exp(-x^2 / 2) for x >= 0, where Q(x) = P(Z > x) is the standard normal upper tail.
 * Splitting off the Gaussian factor lets callers share one exp() between the tail and the density.
 */
export function normalTailScaled(x: number): number {
  const z = x * SQRT1_2;
  const t = 2 / (2 + z);
  const r = t < 0.5 ? clenshaw(CHEB_FAR, 4 * t - 1) : clenshaw(CHEB_NEAR, 4 * t - 3);
  return 0.5 * t * r;
}

/** Upper tail Q(x) = P(Z > x), relative accuracy ~1e-15 on both sides. */
export function normalSf(x: number): number {
  if (x >= 0) return Math.exp(-0.5 * x * x) * normalTailScaled(x);
  if (x === -Infinity) return 1;
  return 1 - Math.exp(-0.5 * x * x) * normalTailScaled(-x);
}

/** Lower tail Phi(x) = P(Z < x). */
export function normalCdf(x: number): number {
  return normalSf(-x);
}

export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** log Gamma(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const xm = x - 1;
  let a = LANCZOS[0];
  const t = xm + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (xm + i);
  return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b); `y` = 1 - x is passed separately so that callers can
 * supply it without cancellation.
 */
export function betaRegularized(a: number, b: number, x: number, y = 1 - x): number {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y);
  const front = Math.exp(logFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, y)) / b;
}

/** P(T > x) for a standard Student-t with `dof` degrees of freedom (x >= 0). */
export function studentTSf(x: number, dof: number): number {
  if (x <= 0) return 0.5;
  if (x === Infinity) return 0;
  if (dof === 1) return Math.atan(1 / x) / Math.PI;
  const x2 = x * x;
  return 0.5 * betaRegularized(0.5 * dof, 0.5, dof / (dof + x2), x2 / (dof + x2));
}

/** Gauss-Legendre nodes and weights on [-1, 1] (Newton on P_n; exact to rounding). */
export function gaussLegendre(n: number): { x: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    let p0 = 1;
    let p1 = z;
    for (let k = 2; k <= n; k++) {
      const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = (n * (z * p1 - p0)) / (z * z - 1);
    x[n - 1 - i] = z;
    w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
  }
  return { x, w };
}

/**
 * x^y from Math.exp and Math.log only. Math.pow's last bits differ between V8 versions (Node 20, the
 * CLI, against Node 24, code-server's extension host), while exp and log agree: the same seed must give
 * the same numbers everywhere. Relative error about |y ln x| * 1e-16.
 */
export function pow(x: number, y: number): number {
  if (y === 0) return 1;
  if (!Number.isFinite(x) || !Number.isFinite(y) || x === 0) return Math.pow(x, y); // exact IEEE special cases
  if (y === 1) return x;
  if (y === 2) return x * x;
  if (y === 0.5) return Math.sqrt(x);
  // Small integer powers by squaring: only exact IEEE operations, and 10^k stays exact (k <= 22).
  if (Number.isInteger(y) && Math.abs(y) <= 64) {
    let base = x;
    let result = 1;
    for (let n = Math.abs(y); n > 0; n >>= 1) {
      if (n & 1) result *= base;
      base *= base;
    }
    return y < 0 ? 1 / result : result;
  }
  if (x > 0) return Math.exp(y * Math.log(x));
  if (!Number.isInteger(y)) return NaN;
  const magnitude = Math.exp(y * Math.log(-x));
  return y % 2 === 0 ? magnitude : -magnitude;
}
