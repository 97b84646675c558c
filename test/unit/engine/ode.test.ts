// The ODE against closed forms, schedules, blow-up and infinite noise variance.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordGrid, solveRunOde } from '../../../src/engine/run/experimentTasks';
import { makeConfig } from '../../fixtures/configs';

describe('ODE', () => {
  it('identity spectrum, no noise, no clipping: R(t) = R0 exp(-(2 gamma - gamma^2) t)', () => {
    for (const gamma of [0.3, 1, 1.5]) {
      const config = makeConfig({ runs: [{ lr: gamma }], horizon: 6 });
      const t = recordGrid(config);
      const ode = solveRunOde(config, 0);
      t.forEach((ti, i) => {
        const exact = 0.5 * Math.exp(-(2 * gamma - gamma * gamma) * ti);
        assert.ok(Math.abs(ode.risk[i] - exact) <= 1e-7 * exact, `gamma ${gamma}, t=${ti}: ${ode.risk[i]} vs ${exact}`);
      });
      assert.ok(ode.mu.every((m) => m === 1));
      assert.ok(ode.ccc.every((c) => c === 1), 'unclipped: the criterion ratio is 1');
      assert.ok(ode.threshold.every((c) => c === Infinity));
    }
  });

  it('Gaussian noise, no clipping: R(t) = R_inf + (R0 - R_inf) exp(-(2 gamma - gamma^2) t)', () => {
    const gamma = 0.5;
    const s = 0.5;
    const config = makeConfig({ runs: [{ lr: gamma }], noise: { kind: 'gaussian', scale: s }, horizon: 8, spacing: 'linear' });
    const t = recordGrid(config);
    const ode = solveRunOde(config, 0);
    const rate = 2 * gamma - gamma * gamma;
    const rInf = (gamma * gamma * s * s) / 2 / rate;
    t.forEach((ti, i) => {
      const exact = rInf + (0.5 - rInf) * Math.exp(-rate * ti);
      assert.ok(Math.abs(ode.risk[i] - exact) <= 1e-7 * exact, `t=${ti}: ${ode.risk[i]} vs ${exact}`);
      assert.ok(Math.abs(ode.nu[i] - (2 * ode.risk[i] + s * s)) < 1e-12);
    });
  });

  it('power-law spectrum: every mode on its own (matches a fine fixed-step RK4 of the full mode system)', () => {
    const d = 50;
    const gamma = 0.6;
    const config = makeConfig({ dim: d, spectrum: { kind: 'powerLaw', exponent: 1 }, runs: [{ lr: gamma, clip: { kind: 'constant', threshold: 1.5 } }], noise: { kind: 'gaussian', scale: 0.3 }, horizon: 4, spacing: 'linear', points: 9 });
    const ode = solveRunOde(config, 0);
    // Independent reference: RK4 on v_i with mu, nu of Gaussian noise in closed form via erf-free series.
    const lam = Array.from({ length: d }, (_, i) => Math.pow(i + 1, -1));
    const D = lam.reduce((a, b) => a + b, 0);
    const tau = 1.5 / Math.sqrt(D);
    const { mu, nu } = gaussianFactors;
    const rhs = (v: number[]) => {
      const R = v.reduce((acc, vi, i) => acc + lam[i] * vi, 0);
      const sig = Math.sqrt(2 * R + 0.09);
      const m = mu(tau / sig);
      const n = nu(tau / sig) * sig * sig;
      return v.map((vi, i) => -2 * gamma * lam[i] * m * vi + (gamma * gamma * lam[i] * n) / (2 * D));
    };
    let v = lam.map(() => 0.5 * (1 / d));
    const h = 1e-3;
    const steps = 4000;
    const out: number[] = [];
    for (let k = 0; k <= steps; k++) {
      if (k % 500 === 0) out.push(v.reduce((acc, vi, i) => acc + lam[i] * vi, 0));
      const k1 = rhs(v);
      const k2 = rhs(v.map((x, i) => x + (h / 2) * k1[i]));
      const k3 = rhs(v.map((x, i) => x + (h / 2) * k2[i]));
      const k4 = rhs(v.map((x, i) => x + h * k3[i]));
      v = v.map((x, i) => x + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
    }
    out.forEach((R, j) => assert.ok(Math.abs(ode.risk[j] - R) < 1e-8 * R, `t=${j * 0.5}: ${ode.risk[j]} vs RK4 ${R}`));
  });

  it('Cauchy noise without clipping: infinite risk after t = 0, diverged at the first grid point', () => {
    const config = makeConfig({ noise: { kind: 'studentT', dof: 1, scale: 0.5 } });
    const t = recordGrid(config);
    const ode = solveRunOde(config, 0);
    assert.ok(Math.abs(ode.risk[0] - 0.5) < 1e-15);
    assert.ok(ode.risk.slice(1).every((r) => r === Infinity));
    assert.equal(ode.divergedAt, t[1]);
  });

  it('a learning rate beyond stability blows up: the rest is Infinity and divergedAt is set', () => {
    const config = makeConfig({ runs: [{ lr: 3 }], horizon: 400, spacing: 'linear', points: 41 });
    const ode = solveRunOde(config, 0);
    assert.ok(ode.divergedAt !== undefined && ode.divergedAt > 0 && ode.divergedAt < 400, `divergedAt ${ode.divergedAt}`);
    assert.equal(ode.risk[ode.risk.length - 1], Infinity);
    assert.ok(Number.isFinite(ode.risk[1]) && ode.risk[1] > 0.5);
  });

  it('schedules: a constant lr schedule equals the constant lr; thresholds are raw c', () => {
    const a = solveRunOde(makeConfig({ runs: [{ lr: 0.5, clip: { kind: 'constant', threshold: 5 } }], noise: { kind: 'studentT', dof: 3, scale: 0.5 } }), 0);
    const b = solveRunOde(makeConfig({ runs: [{ lr: { kind: 'schedule', t: [0, 5], lr: [0.5, 0.5] }, clip: { kind: 'schedule', t: [0, 1, 5], threshold: [5, 5, 5] } }], noise: { kind: 'studentT', dof: 3, scale: 0.5 } }), 0);
    a.risk.forEach((r, i) => assert.ok(Math.abs(r - b.risk[i]) < 1e-9 * r));
    assert.ok(a.threshold.every((c) => Math.abs(c - 5) < 1e-12));
    // ccc = mu^2/nu (2R + E eps^2)
    a.ccc.forEach((c, i) => assert.ok(Math.abs(c - ((a.mu[i] ** 2) / a.nu[i]) * (2 * a.risk[i] + 0.75)) < 1e-12));
  });

  it('heuristic threshold follows kappa sqrt(2R + s^2) sqrt(D)', () => {
    const config = makeConfig({ dim: 400, runs: [{ lr: 0.5, clip: { kind: 'heuristic', param: 0.7 } }], noise: { kind: 'studentT', dof: 3, scale: 0.5 } });
    const ode = solveRunOde(config, 0);
    ode.risk.forEach((R, i) => assert.ok(Math.abs(ode.threshold[i] - 0.7 * Math.sqrt(2 * R + 0.25) * 20) < 1e-9));
  });
});

/** Gaussian r ~ N(0, sig^2) at a = tau/sig: mu = P(|Z| < a), nu/sig^2 = E min(Z^2, a^2) (series). */
const gaussianFactors = {
  mu(a: number): number {
    return erf(a / Math.SQRT2);
  },
  nu(a: number): number {
    const m = erf(a / Math.SQRT2);
    const phi = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI);
    return m - 2 * a * phi + a * a * (1 - m);
  },
};

/** erf by its Taylor series (fine for the small arguments used here). */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
