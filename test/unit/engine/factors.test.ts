// mu, nu and dmu/dtau against direct Monte Carlo (every noise law) and, for Student-t, against a
// brute-force fine integral over eps written independently of the engine's quadrature.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Noise } from '../../../src/engine/config/types';
import { Factors } from '../../../src/engine/model/factors';
import { Rng } from '../../../src/engine/math/rng';
import { logGamma, normalCdf, normalPdf } from '../../../src/engine/math/special';

function monteCarlo(noise: Noise, R: number, tau: number, n: number): { mu: number; nu: number; seMu: number; seNu: number } {
  const rng = Rng.stream(11, 0, 0, 'test');
  const sigma = Math.sqrt(2 * R);
  let inside = 0;
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < n; i++) {
    let eps = 0;
    if (noise.kind === 'gaussian') eps = noise.scale * rng.normal();
    else if (noise.kind === 'rademacher') eps = noise.scale * rng.rademacher();
    else if (noise.kind === 'studentT') eps = noise.scale * rng.studentT(noise.dof);
    const r = sigma * rng.normal() - eps;
    if (Math.abs(r) < tau) inside++;
    const q = Math.min(r * r, tau * tau);
    sum += q;
    sum2 += q * q;
  }
  const mu = inside / n;
  const nu = sum / n;
  return { mu, nu, seMu: Math.sqrt((mu * (1 - mu)) / n), seNu: Math.sqrt((sum2 / n - nu * nu) / n) };
}

/** Brute force for Student-t: composite Simpson over eps = s tan(theta) on [0, pi/2), very fine. */
function bruteStudentT(dof: number, s: number, R: number, tau: number): { mu: number; nu: number; dmu: number } {
  const sigma = Math.sqrt(2 * R);
  const norm = Math.exp(logGamma((dof + 1) / 2) - logGamma(dof / 2)) / Math.sqrt(dof * Math.PI) / s;
  const density = (e: number) => norm * Math.pow(1 + (e / s) ** 2 / dof, -(dof + 1) / 2);
  const cond = (e: number) => {
    // r ~ N(e, sigma^2) (by symmetry), written from scratch with the CDF.
    const a = (-tau - e) / sigma;
    const b = (tau - e) / sigma;
    const pin = normalCdf(b) - normalCdf(a);
    const pa = normalPdf(a);
    const pb = normalPdf(b);
    const second = (e * e + sigma * sigma) * pin + 2 * e * sigma * (pa - pb) + sigma * sigma * (a * pa - b * pb);
    return [pin, second + tau * tau * (1 - pin), (pa + pb) / sigma];
  };
  const n = 400_000;
  const h = Math.PI / 2 / n;
  const acc = [0, 0, 0];
  for (let k = 0; k < n; k++) {
    // Simpson on each cell [theta_k, theta_k + h] (midpoint weight 4): avoids theta = pi/2 itself.
    for (const [frac, w] of [[0, 1], [0.5, 4], [1, 1]] as const) {
      const theta = (k + frac) * h;
      if (theta >= Math.PI / 2) continue;
      const e = s * Math.tan(theta);
      const jac = s / Math.cos(theta) ** 2;
      const c = cond(e);
      const weight = ((w * h) / 6) * 2 * density(e) * jac;
      for (let j = 0; j < 3; j++) acc[j] += weight * c[j];
    }
  }
  return { mu: acc[0], nu: acc[1], dmu: acc[2] };
}

describe('factors mu, nu', () => {
  const noises: Noise[] = [
    { kind: 'none' },
    { kind: 'gaussian', scale: 0.5 },
    { kind: 'rademacher', scale: 0.4 },
    { kind: 'studentT', dof: 1, scale: 0.5 },
    { kind: 'studentT', dof: 3, scale: 0.3 },
  ];
  for (const noise of noises) {
    it(`match Monte Carlo: ${JSON.stringify(noise)}`, () => {
      const f = new Factors(noise);
      for (const [R, tau] of [
        [0.5, 0.4],
        [0.05, 0.6],
        [0.2, 2],
      ]) {
        f.evaluate(R, tau);
        const mc = monteCarlo(noise, R, tau, 300_000);
        assert.ok(Math.abs(f.mu - mc.mu) < 5 * mc.seMu + 1e-12, `R=${R} tau=${tau}: mu ${f.mu} vs MC ${mc.mu}`);
        assert.ok(Math.abs(f.nu - mc.nu) < 5 * mc.seNu + 1e-12, `R=${R} tau=${tau}: nu ${f.nu} vs MC ${mc.nu}`);
      }
    });
  }

  it('Student-t quadrature matches a brute-force fine integral to 1e-8 relative', () => {
    const cases: [number, number, number, number][] = [
      [1, 0.5, 0.5, 0.52],
      [1, 0.5, 1e-3, 0.3],
      [3, 0.5, 0.5, 0.05],
      [3, 0.3, 2, 5],
      [2.5, 0.5, 0.1, 1],
      [1.5, 0.5, 0.3, 1],
    ];
    for (const [dof, s, R, tau] of cases) {
      const f = new Factors({ kind: 'studentT', dof, scale: s });
      f.evaluate(R, tau);
      const ref = bruteStudentT(dof, s, R, tau);
      for (const key of ['mu', 'nu', 'dmu'] as const) {
        const rel = Math.abs(f[key] - ref[key]) / Math.abs(ref[key]);
        assert.ok(rel < 1e-8, `dof=${dof} R=${R} tau=${tau}: ${key} ${f[key]} vs brute force ${ref[key]} (rel ${rel})`);
      }
    }
  });

  it('dmu/dtau and dnu/dtau = 2 tau (1 - mu) agree with finite differences', () => {
    for (const noise of [{ kind: 'studentT', dof: 3, scale: 0.5 }, { kind: 'gaussian', scale: 0.5 }, { kind: 'rademacher', scale: 0.4 }] as Noise[]) {
      const f = new Factors(noise);
      const R = 0.2;
      const tau = 0.7;
      const h = 1e-5;
      f.evaluate(R, tau + h);
      const muP = f.mu;
      const nuP = f.nu;
      f.evaluate(R, tau - h);
      const muM = f.mu;
      const nuM = f.nu;
      f.evaluate(R, tau);
      assert.ok(Math.abs((muP - muM) / (2 * h) - f.dmu) < 1e-6, `${noise.kind}: dmu`);
      assert.ok(Math.abs((nuP - nuM) / (2 * h) - 2 * tau * (1 - f.mu)) < 1e-6, `${noise.kind}: dnu`);
    }
  });

  it('R -> 0 limits: mu = P(|eps| < tau), nu = E min(eps^2, tau^2)', () => {
    const cauchy = new Factors({ kind: 'studentT', dof: 1, scale: 0.5 });
    cauchy.evaluate(0, 0.5);
    assert.ok(Math.abs(cauchy.mu - 0.5) < 1e-13, `Cauchy P(|eps| < s) = 1/2, got ${cauchy.mu}`);
    // E min(eps^2, tau^2) for Cauchy(s) at tau = s: s^2 (4/pi - 1) + ... closed form: s^2 (1 - pi/4) * 2/pi * 2 + tau^2 / 2.
    const expected = 0.25 * ((2 / Math.PI) * (1 - Math.PI / 4)) + 0.25 * 0.5;
    assert.ok(Math.abs(cauchy.nu - expected) < 1e-13, `nu ${cauchy.nu} vs ${expected}`);
    cauchy.evaluate(1e-14, 0.5);
    assert.ok(Math.abs(cauchy.mu - 0.5) < 1e-9, 'continuous at R = 0');
    const rad = new Factors({ kind: 'rademacher', scale: 0.4 });
    rad.evaluate(0, 0.5);
    assert.equal(rad.mu, 1);
    assert.ok(Math.abs(rad.nu - 0.16) < 1e-15);
    const none = new Factors({ kind: 'none' });
    none.evaluate(0, 1);
    assert.equal(none.mu, 1);
    assert.equal(none.nu, 0);
  });

  it('no clipping: mu = 1, nu = 2R + E eps^2 (infinite for dof <= 2)', () => {
    const t3 = new Factors({ kind: 'studentT', dof: 3, scale: 0.5 });
    t3.evaluate(0.3, Infinity);
    assert.equal(t3.mu, 1);
    assert.ok(Math.abs(t3.nu - (0.6 + 0.25 * 3)) < 1e-15);
    const cauchy = new Factors({ kind: 'studentT', dof: 1, scale: 0.5 });
    cauchy.evaluate(0.3, Infinity);
    assert.equal(cauchy.nu, Infinity);
    // Large finite thresholds approach the unclipped values.
    t3.evaluate(0.3, 1e4);
    assert.ok(Math.abs(t3.nu - 1.35) < 1e-3 && t3.mu > 1 - 1e-9);
  });
});
