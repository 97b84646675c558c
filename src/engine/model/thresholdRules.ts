// Threshold rules tau(t, R, A, gamma) for the ODE (tau = c / sqrt(D), the threshold on |r|):
// fixed or scheduled thresholds, the one-hyperparameter heuristic tau = kappa sqrt(2R + s^2), and
// the greedy oracle (the tau that makes dR/dt most negative at the current state).
import { pow } from '../math/special';
import type { Factors } from './factors';
import { evalPiecewise, type PiecewiseLinear } from './schedule';

export interface ThresholdRule {
  readonly kind: 'none' | 'constant' | 'schedule' | 'heuristic' | 'greedy';
  /** tau at time t, risk R, A = sum lambda_i^2 v_i, learning rate gamma, B = sum lambda^2 / (2D). */
  tau(t: number, R: number, A: number, gamma: number, B: number): number;
  /** Forget warm-start state (before a new solve). */
  reset(): void;
}

export function noClipRule(): ThresholdRule {
  return { kind: 'none', tau: () => Infinity, reset() {} };
}

export function constantRule(tau: number): ThresholdRule {
  return { kind: 'constant', tau: () => tau, reset() {} };
}

/** Schedule of tau (already divided by sqrt(D)). */
export function scheduleRule(f: PiecewiseLinear): ThresholdRule {
  return { kind: 'schedule', tau: (t) => evalPiecewise(f, t), reset() {} };
}

/** tau = kappa sqrt(2R + s^2): the typical residual size times one multiplier. */
export function heuristicRule(kappa: number, noiseScale: number): ThresholdRule {
  const s2 = noiseScale * noiseScale;
  return { kind: 'heuristic', tau: (_t, R) => kappa * Math.sqrt(2 * Math.max(R, 0) + s2), reset() {} };
}

/**
 * The greedy oracle: argmin over tau of J(tau) = -2 gamma mu A + gamma^2 nu B. Works on u = log tau
 * with the analytic derivative dJ/dtau = 2 gamma (-A dmu + gamma B tau (1 - mu)); warm-started from
 * the previous answer (tau moves smoothly in time), with a global scan when that fails.
 */
export class GreedyRule implements ThresholdRule {
  readonly kind = 'greedy' as const;
  private last = NaN;
  private readonly scaleNoise2: number;

  constructor(private readonly factors: Factors, noiseScale: number) {
    this.scaleNoise2 = noiseScale * noiseScale;
  }

  reset(): void {
    this.last = NaN;
  }

  private objective(R: number, tau: number, A: number, gamma: number, B: number): number {
    this.factors.evaluate(R, tau);
    return -2 * gamma * this.factors.mu * A + gamma * gamma * this.factors.nu * B;
  }

  /** Sign-carrying derivative of J in tau (divided by 2 gamma). */
  private slope(R: number, tau: number, A: number, gamma: number, B: number): number {
    this.factors.evaluate(R, tau);
    const f = this.factors;
    return -A * f.dmu + gamma * B * tau * (1 - f.mu);
  }

  tau(_t: number, R: number, A: number, gamma: number, B: number): number {
    if (!(gamma > 0) || !(A > 0)) {
      // Nothing to descend (or no step): the choice does not matter; keep the last one.
      return Number.isFinite(this.last) ? this.last : Infinity;
    }
    const scale = Math.sqrt(2 * Math.max(R, 0) + this.scaleNoise2) || 1;
    let found = NaN;
    if (this.last === Infinity) {
      // Unclipped was best: keep it while the slope at a very large tau still favours growing it.
      const big = scale * 1e4;
      if (this.slope(R, big, A, gamma, B) < 0 && this.objective(R, Infinity, A, gamma, B) <= this.objective(R, big, A, gamma, B)) return Infinity;
    }
    if (Number.isFinite(this.last) && this.last > 0) found = this.localRoot(R, A, gamma, B, this.last, scale);
    if (!Number.isFinite(found)) found = this.scan(R, A, gamma, B, scale);
    this.last = found;
    return found;
  }

  private localRoot(R: number, A: number, gamma: number, B: number, start: number, scale: number): number {
    let lo = start;
    let glo = this.slope(R, lo, A, gamma, B);
    // An exactly flat objective means tau sits far in the residual's tail (as good as no clipping):
    // let the global scan decide between a finite optimum and Infinity.
    if (glo === 0) return NaN;
    let hi = lo;
    let ghi = glo;
    let factor = 1.05;
    const limitHi = scale * 1e6;
    const limitLo = scale * 1e-8;
    // Walk towards the minimum until the slope changes sign.
    for (let k = 0; k < 60; k++) {
      if (glo < 0) {
        hi = lo * factor;
        ghi = this.slope(R, hi, A, gamma, B);
        if (ghi >= 0) break;
        lo = hi;
        glo = ghi;
        if (lo > limitHi) return NaN;
      } else {
        hi = lo;
        ghi = glo;
        lo = hi / factor;
        glo = this.slope(R, lo, A, gamma, B);
        if (glo < 0) break;
        if (lo < limitLo) return NaN;
      }
      factor *= factor;
    }
    if (!(glo < 0 && ghi >= 0)) return NaN;
    return this.bisectSecant(R, A, gamma, B, lo, glo, hi, ghi);
  }

  /** Illinois (regula falsi) on u = log tau, bracket [lo, hi] with slope(lo) < 0 <= slope(hi). */
  private bisectSecant(R: number, A: number, gamma: number, B: number, lo: number, glo: number, hi: number, ghi: number): number {
    let ulo = Math.log(lo);
    let uhi = Math.log(hi);
    let side = 0;
    for (let it = 0; it < 100 && uhi - ulo > 1e-12; it++) {
      let u = (ulo * ghi - uhi * glo) / (ghi - glo);
      if (!(u > ulo && u < uhi)) u = 0.5 * (ulo + uhi);
      const g = this.slope(R, Math.exp(u), A, gamma, B);
      if (g < 0) {
        ulo = u;
        glo = g;
        if (side === -1) ghi *= 0.5;
        side = -1;
      } else {
        uhi = u;
        ghi = g;
        if (side === 1) glo *= 0.5;
        side = 1;
      }
    }
    return Math.exp(0.5 * (ulo + uhi));
  }

  /** Global scan on a log grid, then a bracketed root around the best point (or Infinity). */
  private scan(R: number, A: number, gamma: number, B: number, scale: number): number {
    let best = 0;
    let bestJ = Infinity;
    const kMin = -24;
    const kMax = 16;
    for (let k = kMin; k <= kMax; k++) {
      const J = this.objective(R, scale * pow(10, k / 4), A, gamma, B);
      if (J < bestJ) {
        bestJ = J;
        best = k;
      }
    }
    const jInf = this.objective(R, Infinity, A, gamma, B);
    // No clipping is at least as good (up to rounding) as every finite threshold: choose it.
    if (Number.isFinite(jInf) && jInf <= bestJ + 1e-13 * Math.abs(jInf)) return Infinity;
    const lo = scale * pow(10, (best - 1) / 4);
    const hi = scale * pow(10, (best + 1) / 4);
    const glo = this.slope(R, lo, A, gamma, B);
    const ghi = this.slope(R, hi, A, gamma, B);
    if (glo < 0 && ghi > 0) return this.bisectSecant(R, A, gamma, B, lo, glo, hi, ghi);
    return scale * pow(10, best / 4);
  }
}
