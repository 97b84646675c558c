// The label-noise laws of docs/format.md: sampling, second moment, density and tails.
import type { Noise } from '../config/types';
import { logGamma, pow, studentTSf } from '../math/special';
import type { Rng } from '../math/rng';

/** E[eps^2] (Infinity for Student-t with dof <= 2). */
export function noiseSecondMoment(noise: Noise): number {
  switch (noise.kind) {
    case 'none':
      return 0;
    case 'gaussian':
    case 'rademacher':
      return noise.scale * noise.scale;
    case 'studentT':
      return noise.dof > 2 ? (noise.scale * noise.scale * noise.dof) / (noise.dof - 2) : Infinity;
  }
}

/** The `scale` s used by the heuristic (0 without noise). */
export function noiseScale(noise: Noise): number {
  return noise.kind === 'none' ? 0 : noise.scale;
}

/** A sampler eps = draw(rng); one call per SGD step. */
export function noiseSampler(noise: Noise): (rng: Rng) => number {
  switch (noise.kind) {
    case 'none':
      return () => 0;
    case 'gaussian': {
      const s = noise.scale;
      return (rng) => s * rng.normal();
    }
    case 'rademacher': {
      const s = noise.scale;
      return (rng) => s * rng.rademacher();
    }
    case 'studentT': {
      const s = noise.scale;
      const dof = noise.dof;
      return (rng) => s * rng.studentT(dof);
    }
  }
}

/** Student-t law with scale s: density and survival function. */
export class StudentTLaw {
  readonly dof: number;
  readonly scale: number;
  private readonly norm: number;
  private readonly expo: number;

  constructor(dof: number, scale: number) {
    this.dof = dof;
    this.scale = scale;
    this.norm = Math.exp(logGamma(0.5 * (dof + 1)) - logGamma(0.5 * dof)) / Math.sqrt(dof * Math.PI) / scale;
    this.expo = -0.5 * (dof + 1);
  }

  density(e: number): number {
    const u = e / this.scale;
    if (this.dof === 1) return this.norm / (1 + u * u);
    return this.norm * pow(1 + (u * u) / this.dof, this.expo);
  }

  /** P(eps > e) for e >= 0. */
  survival(e: number): number {
    return studentTSf(e / this.scale, this.dof);
  }
}
