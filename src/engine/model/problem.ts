// The least-squares problem of a config: spectrum, trace D = tr K, initial error w0 = x0 - x*,
// and the eigenmodes compressed by equal eigenvalue for the ODE.
import { pow } from '../math/special';
import type { ExperimentConfig, ProblemConfig, Spectrum, VectorInit } from '../config/types';
import { noiseScale, noiseSecondMoment } from './noise';
import { Rng } from '../math/rng';

export interface Problem {
  dim: number;
  lambda: Float64Array;      // eigenvalues, length d
  sqrtLambda: Float64Array;
  identity: boolean;         // every eigenvalue 1 (lets kernels skip a multiply)
  traceK: number;            // D = sum lambda_i
  sumLambda2: number;        // sum lambda_i^2
  w0: Float64Array;          // x0 - x*
  risk0: number;             // R(x0) = 1/2 sum lambda_i w0_i^2
  /** Modes with equal lambda merged: value, multiplicity, V_g(0) = sum 1/2 w0_i^2. */
  groups: { lambda: Float64Array; count: Float64Array; v0: Float64Array };
  noise: ProblemConfig['noise'];
  noiseSecondMoment: number; // E eps^2
  noiseScale: number;        // s (0 without noise)
}

export function spectrumValues(spectrum: Spectrum, dim: number): Float64Array {
  const lambda = new Float64Array(dim);
  switch (spectrum.kind) {
    case 'identity':
      lambda.fill(1);
      break;
    case 'powerLaw':
      for (let i = 0; i < dim; i++) lambda[i] = pow(i + 1, -spectrum.exponent);
      break;
    case 'values':
      for (let i = 0; i < dim; i++) lambda[i] = spectrum.values[i];
      break;
  }
  return lambda;
}

/** x* or x0. Gaussian vectors come from the master seed alone: shared by every run and seed. */
export function vectorValues(init: VectorInit, dim: number, masterSeed: number, which: 'target' | 'init'): Float64Array {
  const x = new Float64Array(dim);
  switch (init.kind) {
    case 'zero':
      break;
    case 'flat':
      x.fill(init.norm / Math.sqrt(dim));
      break;
    case 'gaussian': {
      const rng = Rng.stream(masterSeed, 0, 0, which);
      const sd = init.norm / Math.sqrt(dim);
      for (let i = 0; i < dim; i++) x[i] = sd * rng.normal();
      break;
    }
  }
  return x;
}

function groupModes(lambda: Float64Array, w0: Float64Array): Problem['groups'] {
  const index = new Map<number, number>();
  const lam: number[] = [];
  const cnt: number[] = [];
  const v0: number[] = [];
  for (let i = 0; i < lambda.length; i++) {
    const l = lambda[i];
    let g = index.get(l);
    if (g === undefined) {
      g = lam.length;
      index.set(l, g);
      lam.push(l);
      cnt.push(0);
      v0.push(0);
    }
    cnt[g] += 1;
    v0[g] += 0.5 * w0[i] * w0[i];
  }
  return { lambda: Float64Array.from(lam), count: Float64Array.from(cnt), v0: Float64Array.from(v0) };
}

export function buildProblem(config: ExperimentConfig): Problem {
  const p = config.problem;
  const dim = p.dim;
  const lambda = spectrumValues(p.spectrum, dim);
  const sqrtLambda = new Float64Array(dim);
  let traceK = 0;
  let sumLambda2 = 0;
  let identity = true;
  for (let i = 0; i < dim; i++) {
    const l = lambda[i];
    sqrtLambda[i] = Math.sqrt(l);
    traceK += l;
    sumLambda2 += l * l;
    if (l !== 1) identity = false;
  }
  const target = vectorValues(p.target, dim, config.seed, 'target');
  const init = vectorValues(p.init, dim, config.seed, 'init');
  const w0 = new Float64Array(dim);
  let risk0 = 0;
  for (let i = 0; i < dim; i++) {
    w0[i] = init[i] - target[i];
    risk0 += 0.5 * lambda[i] * w0[i] * w0[i];
  }
  return {
    dim,
    lambda,
    sqrtLambda,
    identity,
    traceK,
    sumLambda2,
    w0,
    risk0,
    groups: groupModes(lambda, w0),
    noise: p.noise,
    noiseSecondMoment: noiseSecondMoment(p.noise),
    noiseScale: noiseScale(p.noise),
  };
}
