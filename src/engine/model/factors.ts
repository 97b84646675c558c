// The descent and variance factors of docs/math.md, for r = sqrt(2R) Z - eps:
//   mu(R, tau) = P(|r| < tau),  nu(R, tau) = E[min(r^2, tau^2)],  dmu = d mu / d tau = 2 p_r(tau)
// (and d nu / d tau = 2 tau (1 - mu)). Conditionally on eps = e, r ~ N(-e, 2R) gives closed forms;
// Gaussian noise is exact (r ~ N(0, 2R + s^2)), Rademacher averages two closed forms, Student-t
// integrates over e with composite Gauss-Legendre on panels that resolve both the Gaussian
// transition around |e| = tau (width sqrt(2R)) and the density's scale and power-law tail.
import type { Noise } from '../config/types';
import { noiseSecondMoment, StudentTLaw } from './noise';
import { gaussLegendre, INV_SQRT_2PI, normalTailScaled } from '../math/special';

const GL_ORDER = 8;
const GL = gaussLegendre(GL_ORDER);
/** Beyond tau + TAIL_SIGMAS * sigma the conditional factors equal their limits to ~1e-23. */
const TAIL_SIGMAS = 10;
const TRANSITION = [-7, -3.5, -1.5, 0, 1.5, 3.5, 6.5];

export class Factors {
  /** Outputs of the last evaluate(). */
  mu = 1;
  nu = 0;
  dmu = 0;

  readonly noise: Noise;
  readonly eps2: number;
  private readonly law: StudentTLaw | null;
  // Conditional results (set by conditional()).
  private cIn = 0;
  private cQ = 0;
  private cDens = 0;
  private readonly breaks = new Float64Array(128);

  constructor(noise: Noise) {
    this.noise = noise;
    this.eps2 = noiseSecondMoment(noise);
    this.law = noise.kind === 'studentT' ? new StudentTLaw(noise.dof, noise.scale) : null;
  }

  /** mu, nu and dmu at risk R >= 0 and threshold tau > 0 (tau = Infinity: no clipping). */
  evaluate(R: number, tau: number): void {
    if (!(tau < Infinity)) {
      this.mu = 1;
      this.nu = 2 * R + this.eps2;
      this.dmu = 0;
      return;
    }
    const sigma = Math.sqrt(2 * Math.max(R, 0));
    const noise = this.noise;
    switch (noise.kind) {
      case 'none':
        this.closedForm(0, sigma, tau);
        return;
      case 'gaussian':
        this.closedForm(0, Math.sqrt(sigma * sigma + noise.scale * noise.scale), tau);
        return;
      case 'rademacher':
        this.closedForm(noise.scale, sigma, tau);
        return;
      case 'studentT':
        this.studentT(sigma, tau);
        return;
    }
  }

  /** r ~ N(+-m, sigma^2) with symmetric sign: one conditional closed form. */
  private closedForm(m: number, sigma: number, tau: number): void {
    if (sigma < 1e-150 * Math.max(tau, m, 1e-300)) {
      // Degenerate: |r| = m exactly.
      this.mu = m < tau ? 1 : m === tau ? 0.5 : 0;
      this.nu = Math.min(m * m, tau * tau);
      this.dmu = 0;
      return;
    }
    this.conditional(m, sigma, tau);
    this.mu = this.cIn;
    this.nu = this.cQ;
    this.dmu = this.cDens;
  }

  /**
   * For r ~ N(m, sigma^2), m >= 0, sigma > 0: cIn = P(|r| < tau), cQ = E[min(r^2, tau^2)],
   * cDens = p_r(tau) + p_r(-tau). Tails are taken directly (no 1 - x cancellation).
   */
  private conditional(m: number, sigma: number, tau: number): void {
    const a = (-tau - m) / sigma; // always < 0
    const b = (tau - m) / sigma;
    // Beyond 38 standard deviations every Gaussian factor underflows: skip the tail expansions.
    const ea = a < -38 ? 0 : Math.exp(-0.5 * a * a);
    const eb = b > 38 || b < -38 ? 0 : Math.exp(-0.5 * b * b);
    const lowA = ea === 0 ? 0 : ea * normalTailScaled(-a); // P(Z < a)
    let pIn: number;
    let pOut: number;
    if (b <= 0) {
      pIn = (eb === 0 ? 0 : eb * normalTailScaled(-b)) - lowA;
      pOut = 1 - pIn;
    } else {
      pOut = lowA + (eb === 0 ? 0 : eb * normalTailScaled(b));
      pIn = 1 - pOut;
    }
    const phiA = INV_SQRT_2PI * ea;
    const phiB = INV_SQRT_2PI * eb;
    const truncated = (m * m + sigma * sigma) * pIn + 2 * m * sigma * (phiA - phiB) + sigma * sigma * (a * phiA - b * phiB);
    this.cIn = pIn;
    this.cQ = truncated + tau * tau * pOut;
    this.cDens = (phiA + phiB) / sigma;
  }

  /** Student-t noise: integrate the conditional forms over e >= 0 against 2 p(e). */
  private studentT(sigma: number, tau: number): void {
    const law = this.law!;
    const s = law.scale;
    const zeroSigma = sigma <= 1e-9 * tau;
    const upper = zeroSigma ? tau : tau + TAIL_SIGMAS * sigma;
    const br = this.breaks;
    let nb = 0;
    br[nb++] = 0;
    br[nb++] = upper;
    if (!zeroSigma) {
      for (const k of TRANSITION) {
        const e = tau + k * sigma;
        if (e > 0 && e < upper) br[nb++] = e;
      }
    } else {
      br[nb++] = tau;
    }
    // Geometric breakpoints: the density's scale and its power-law tail.
    for (let e = 0.25 * s; e < upper && nb < br.length; e *= 2) br[nb++] = e;
    // Insertion sort (a few dozen entries).
    for (let i = 1; i < nb; i++) {
      const v = br[i];
      let j = i - 1;
      while (j >= 0 && br[j] > v) {
        br[j + 1] = br[j];
        j--;
      }
      br[j + 1] = v;
    }
    const gx = GL.x;
    const gw = GL.w;
    let mu = 0;
    let nu = 0;
    let dmu = 0;
    for (let p = 0; p + 1 < nb; p++) {
      const lo = br[p];
      const hi = Math.min(br[p + 1], upper);
      if (!(hi > lo)) continue;
      const half = 0.5 * (hi - lo);
      const mid = 0.5 * (hi + lo);
      for (let j = 0; j < GL_ORDER; j++) {
        const e = mid + half * gx[j];
        const w = 2 * half * gw[j] * law.density(e);
        if (zeroSigma) {
          // |r| = e exactly: inside iff e < tau (all nodes lie below tau here).
          mu += w;
          nu += w * e * e;
        } else {
          this.conditional(e, sigma, tau);
          mu += w * this.cIn;
          nu += w * this.cQ;
          dmu += w * this.cDens;
        }
      }
    }
    const tail = 2 * law.survival(upper);
    nu += tau * tau * tail;
    if (zeroSigma) dmu = 2 * law.density(tau);
    this.mu = mu;
    this.nu = nu;
    this.dmu = dmu;
  }
}
