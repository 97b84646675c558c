// computePhaseMap: the grid, the ratio against the factors, the contour where the ratio crosses 1,
// the best threshold per risk, the heuristic's path, trajectories from ODE results, default ranges;
// colour maps and log ticks of the drawing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Factors } from '../../../src/engine/model/factors';
import { computePhaseMap, defaultRanges, odeTrajectories, unclippedRisks } from '../../../src/engine/ode/phaseMap';
import { colorAt, normalize } from '../../../src/shared/colorMaps';
import { colorBarTicks, logTicks, phaseMapScaling } from '../../../src/shared/phaseMapDraw';

const studentT3 = { kind: 'studentT' as const, dof: 3, scale: 0.5 };

describe('computePhaseMap', () => {
  const map = computePhaseMap({ noise: studentT3, rRange: [1e-3, 1], tauRange: [1e-2, 10], cellsR: 30, cellsTau: 24, kappa: 0.7 });

  it('lays cell centres log-spaced inside the ranges', () => {
    assert.equal(map.R.length, 30);
    assert.equal(map.tau.length, 24);
    assert.equal(map.ratio.length, 30 * 24);
    const step = Math.log10(map.R[1] / map.R[0]);
    assert.ok(Math.abs(step - 3 / 30) < 1e-12);
    assert.ok(Math.abs(Math.log10(map.R[0]) - (-3 + step / 2)) < 1e-12);
    assert.ok(map.tau[23] < 10 && map.tau[0] > 1e-2);
  });

  it('ratio = mu^2/nu * (2R + E eps^2), row-major by tau', () => {
    const f = new Factors(studentT3);
    for (const [i, j] of [[0, 0], [7, 3], [29, 23], [15, 12]]) {
      f.evaluate(map.R[i], map.tau[j]);
      const rate = (f.mu * f.mu) / f.nu;
      const k = j * map.R.length + i;
      assert.ok(Math.abs(map.rate[k] - rate) <= 1e-12 * rate);
      assert.ok(Math.abs(map.ratio[k] - rate * (2 * map.R[i] + 3 * 0.25)) <= 1e-12 * map.ratio[k]);
      assert.equal(map.helps[k], map.ratio[k] > 1 + 1e-6 ? 1 : 0);
    }
    assert.equal(map.helpsCount, map.helps.reduce((a, b) => a + b, 0));
  });

  it('the contour lies where the ratio crosses 1', () => {
    assert.ok(map.contour.length >= 8 && map.contour.length % 4 === 0);
    const f = new Factors(studentT3);
    const cellR = Math.log10(map.R[1] / map.R[0]);
    for (let s = 0; s < map.contour.length; s += 2) {
      const R = Math.pow(10, map.contour[s]);
      const tau = Math.pow(10, map.contour[s + 1]);
      f.evaluate(R, tau);
      const ratio = ((f.mu * f.mu) / f.nu) * (2 * R + 0.75);
      // Linear interpolation between cell centres: close to 1, not exactly.
      assert.ok(Math.abs(Math.log(ratio)) < 0.05, `ratio ${ratio} on the contour at R=${R}, tau=${tau} (cell ${cellR})`);
    }
  });

  it('best tau maximizes mu^2/nu at each risk (against a fine scan)', () => {
    const f = new Factors(studentT3);
    for (const i of [2, 14, 27]) {
      let bestTau = 0;
      let bestRate = -1;
      for (let k = 0; k <= 2000; k++) {
        const tau = Math.pow(10, -2 + (3 * k) / 2000);
        f.evaluate(map.R[i], tau);
        const rate = (f.mu * f.mu) / f.nu;
        if (rate > bestRate) {
          bestRate = rate;
          bestTau = tau;
        }
      }
      assert.ok(Math.abs(Math.log10(map.bestTau[i] / bestTau)) < 0.06, `R=${map.R[i]}: ${map.bestTau[i]} vs ${bestTau}`);
    }
  });

  it('the heuristic path is tau = kappa sqrt(2R + s^2) across the whole R range', () => {
    const h = map.heuristic!;
    assert.equal(h.kappa, 0.7);
    assert.ok(Math.abs(h.R[0] - 1e-3) < 1e-15 && Math.abs(h.R[h.R.length - 1] - 1) < 1e-12);
    h.R.forEach((R, k) => assert.ok(Math.abs(h.tau[k] - 0.7 * Math.sqrt(2 * R + 0.25)) < 1e-12));
    assert.equal(computePhaseMap({ noise: studentT3, cellsR: 4, cellsTau: 4 }).heuristic, null);
  });

  it('Gaussian noise: no best threshold (not clipping is best), no contour', () => {
    const g = computePhaseMap({ noise: { kind: 'gaussian', scale: 0.5 }, rRange: [1e-3, 1], tauRange: [1e-2, 10], cellsR: 20, cellsTau: 20 });
    assert.ok(g.bestTau.every(Number.isNaN));
    assert.deepEqual(g.contour, []);
  });
});

describe('trajectories and ranges', () => {
  it('odeTrajectories: R and tau = c / sqrt(tr K), unclipped runs and non-finite points left out', () => {
    const runs = [
      { name: 'plain', ode: { risk: [0.5, 0.2], threshold: [Infinity, Infinity] } },
      { name: 'clip', ode: { risk: [0.5, Infinity, 0.1], threshold: [20, 20, 20] } },
      { name: 'none', ode: null },
      { name: 'json', ode: { risk: [0.4, null], threshold: [10, null] } },
    ];
    const tr = odeTrajectories(runs, 400);
    assert.deepEqual(tr.map((t) => [t.name, t.index]), [['clip', 1], ['json', 3]]);
    assert.deepEqual(tr[0].R, [0.5, 0.1]);
    assert.deepEqual(tr[0].tau, [1, 1]);
    assert.deepEqual(tr[1].tau, [0.5]);
  });

  it('defaultRanges: whole decades around the trajectories, at least two, tau covering the typical residual', () => {
    const r = defaultRanges({ kind: 'gaussian', scale: 0.5 }, [{ name: 'a', index: 0, R: [0.5, 0.03], tau: [0.4, 0.4] }]);
    assert.deepEqual(r.rRange, [0.01, 1]);
    assert.ok(r.tauRange[0] <= 0.1 * Math.sqrt(0.02 + 0.25) && r.tauRange[1] >= 10 * Math.sqrt(2.25));
    for (const v of [...r.rRange, ...r.tauRange]) assert.ok(Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-12);
    const wide = defaultRanges({ kind: 'none' }, [{ name: 'a', index: 0, R: [1, 1e-5], tau: [100, 100] }]);
    assert.deepEqual(wide.rRange, [1e-5, 1]);
    assert.ok(wide.tauRange[1] >= 100);
  });
});

describe('phase map drawing helpers', () => {
  it('colour maps: ends, middle of the diverging map, clamping', () => {
    assert.deepEqual(colorAt('viridis', 0), [68, 1, 84]);
    assert.deepEqual(colorAt('viridis', 1), [253, 231, 37]);
    assert.deepEqual(colorAt('coolwarm', 0.5), [221, 221, 221]);
    assert.deepEqual(colorAt('coolwarm', 7), colorAt('coolwarm', 1));
    assert.deepEqual(colorAt('coolwarm', NaN), colorAt('coolwarm', 0));
  });

  it('two-slope normalization puts 1 (log 0) in the middle whatever the range', () => {
    const norm = { min: -2, max: 0.3, center: 0 };
    assert.equal(normalize(norm, 0), 0.5);
    assert.equal(normalize(norm, -2), 0);
    assert.equal(normalize(norm, 0.3), 1);
    assert.equal(normalize(norm, -5), 0);
    assert.ok(Math.abs(normalize(norm, -1) - 0.25) < 1e-12);
  });

  it('scaling: the ratio (diverging around 1) with finite variance, mu^2/nu (viridis) with infinite', () => {
    const finite = phaseMapScaling(computePhaseMap({ noise: studentT3, cellsR: 10, cellsTau: 10 }));
    assert.equal(finite.map, 'coolwarm');
    assert.equal(finite.norm.center, 0);
    assert.ok(finite.norm.max > 0.1);
    const gaussian = phaseMapScaling(computePhaseMap({ noise: { kind: 'gaussian', scale: 1 }, cellsR: 10, cellsTau: 10 }));
    assert.equal(gaussian.norm.max, 0, 'nothing above 1: the bar ends at 1');
    const cauchy = phaseMapScaling(computePhaseMap({ noise: { kind: 'studentT', dof: 1, scale: 1 }, cellsR: 10, cellsTau: 10 }));
    assert.equal(cauchy.map, 'viridis');
    assert.ok(cauchy.norm.max - cauchy.norm.min >= 0.5 && cauchy.norm.max - cauchy.norm.min <= 3);
  });

  it('log ticks: decades labelled, 2 and 5 on short ranges, minor ticks unlabelled', () => {
    const wide = logTicks(1e-3, 1);
    assert.deepEqual(wide.filter((t) => t.label).map((t) => t.label), ['0.001', '0.01', '0.1', '1']);
    assert.equal(wide.length, 3 * 9 + 1);
    const short = logTicks(0.01, 1);
    assert.deepEqual(short.filter((t) => t.label).map((t) => t.label), ['0.01', '0.02', '0.05', '0.1', '0.2', '0.5', '1']);
  });

  it('colour bar ticks keep their distance and stay in range', () => {
    const ticks = colorBarTicks({ min: -0.6, max: 0.27, center: 0 }, 0.08);
    assert.ok(ticks.length >= 3);
    assert.ok(ticks.some((t) => t.label === '1'));
    for (const t of ticks) assert.ok(t.log >= -0.6 - 1e-9 && t.log <= 0.27 + 1e-9);
  });
});

describe('R axis with unclipped runs', () => {
  it('unclippedRisks: only runs without a finite threshold; their risks widen the R axis', () => {
    const runs = [
      { name: 'plain', ode: { risk: [1, 1e-4], threshold: [Infinity, Infinity] } },
      { name: 'clip', ode: { risk: [1, 0.1], threshold: [5, 5] } },
      { name: 'none', ode: null },
    ];
    const other = unclippedRisks(runs);
    assert.deepEqual(other, [[1, 1e-4]]);
    const tr = odeTrajectories(runs, 1);
    assert.deepEqual(defaultRanges({ kind: 'none' }, tr).rRange, [0.01, 1], 'the clipped run alone: two decades');
    assert.deepEqual(defaultRanges({ kind: 'none' }, tr, other).rRange, [1e-4, 1]);
  });
});
