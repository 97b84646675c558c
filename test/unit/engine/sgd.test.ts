// C-SGD and C-HSGD seeds: determinism per stream, divergence as a result, hooks, agreement with the
// ODE, and HSGD tracking SGD.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateSeeds, recordGrid, simulateRunSeed, solveRunOde } from '../../../src/engine/run/experimentTasks';
import { makeConfig } from '../../fixtures/configs';
import { fromJson, loadGoldenCases } from '../../fixtures/goldenCases';

describe('SGD seeds', () => {
  const config = makeConfig({ dim: 100, noise: { kind: 'studentT', dof: 3, scale: 0.5 }, runs: [{ lr: 0.5, clip: { kind: 'constant', threshold: 5 } }, { lr: 0.5 }] });

  it('same (seed, run, seed index, kind) gives bit-identical risks, whatever the order of calls', () => {
    const a3 = simulateRunSeed(config, 0, 3, 'sgd').risk;
    const a1 = simulateRunSeed(config, 0, 1, 'sgd').risk;
    const b1 = simulateRunSeed(config, 0, 1, 'sgd').risk;
    const b3 = simulateRunSeed(config, 0, 3, 'sgd').risk;
    assert.deepEqual(Array.from(a1), Array.from(b1));
    assert.deepEqual(Array.from(a3), Array.from(b3));
    assert.notDeepEqual(Array.from(a1), Array.from(a3));
    const otherRun = simulateRunSeed(config, 1, 1, 'sgd').risk;
    assert.notDeepEqual(Array.from(otherRun), Array.from(a1));
    const otherMaster = simulateRunSeed({ ...config, seed: 7 }, 0, 1, 'sgd').risk;
    assert.notDeepEqual(Array.from(otherMaster), Array.from(a1));
    assert.ok(Math.abs(a1[0] - 0.5) < 1e-15, 'records R(x0) at t = 0');
    assert.equal(a1.length, recordGrid(config).length);
  });

  it('a huge learning rate diverges: divergedAt set, the rest Infinity, nothing thrown', () => {
    const bad = makeConfig({ dim: 50, runs: [{ lr: 50 }], horizon: 20 });
    const r = simulateRunSeed(bad, 0, 0, 'sgd');
    assert.ok(r.divergedAt !== undefined && r.divergedAt > 0 && r.divergedAt < 20, `divergedAt ${r.divergedAt}`);
    assert.equal(r.risk[r.risk.length - 1], Infinity);
    assert.ok(Number.isFinite(r.risk[0]));
    const h = simulateRunSeed(bad, 0, 0, 'hsgd');
    assert.ok(h.divergedAt !== undefined);
    assert.equal(h.risk[h.risk.length - 1], Infinity);
  });

  it('Cauchy noise without clipping runs without throwing (heavy tails are a result)', () => {
    const cauchy = makeConfig({ dim: 50, noise: { kind: 'studentT', dof: 1, scale: 0.5 }, runs: [{ lr: 0.5 }] });
    const r = simulateRunSeed(cauchy, 0, 0, 'sgd');
    assert.equal(r.risk.length, recordGrid(cauchy).length);
    const h = simulateRunSeed(cauchy, 0, 0, 'hsgd');
    assert.ok(h.divergedAt !== undefined, 'HSGD with infinite noise variance diverges at once');
  });

  it('shouldStop stops the seed early (stopped: true); onProgress reports fractions in [0, 1)', () => {
    const big = makeConfig({ dim: 2000, horizon: 20, runs: [{ lr: 0.5 }] });
    const fractions: number[] = [];
    let calls = 0;
    const r = simulateRunSeed(big, 0, 0, 'sgd', {
      shouldStop: () => ++calls > 3,
      onProgress: (f) => fractions.push(f),
    });
    assert.equal(r.stopped, true);
    assert.ok(fractions.length >= 1 && fractions.every((f) => f >= 0 && f < 1));
    const h = simulateRunSeed(big, 0, 0, 'hsgd', { shouldStop: () => true });
    assert.equal(h.stopped, true);
  });

  it('heuristic and greedy runs follow the ODE threshold path: SGD median near the ODE', () => {
    const cfg = makeConfig({
      dim: 300,
      horizon: 6,
      noise: { kind: 'studentT', dof: 3, scale: 0.5 },
      runs: [{ lr: 0.5, clip: { kind: 'heuristic', param: 0.7 } }, { lr: 0.5, clip: { kind: 'greedy' } }],
      points: 12,
    });
    for (const run of [0, 1]) {
      const ode = solveRunOde(cfg, run);
      const seeds = Array.from({ length: 8 }, (_, s) => simulateRunSeed(cfg, run, s, 'sgd').risk);
      const band = aggregateSeeds(seeds);
      const last = band.median.length - 1;
      const rel = Math.abs(band.median[last] - ode.risk[last]) / ode.risk[last];
      assert.ok(rel < 0.15, `run ${run}: SGD median ${band.median[last]} vs ODE ${ode.risk[last]}`);
      assert.ok(ode.threshold.every((c) => c > 0 && Number.isFinite(c)));
    }
  });

  it('HSGD median tracks the reference C-SGD band (golden Gaussian and Cauchy clipped cases)', () => {
    const cases = loadGoldenCases().filter((c) => c.file.startsWith('gaussian') || c.file.startsWith('cauchy'));
    assert.equal(cases.length, 2);
    for (const c of cases) {
      const ri = 1; // a clipped run
      const seeds = Array.from({ length: c.config.seeds }, (_, s) => simulateRunSeed(c.config, ri, s, "hsgd").risk);
      const band = aggregateSeeds(seeds);
      const ref = c.expected.runs[ri].sgd!;
      for (let i = 1; i < band.median.length; i++) {
        const lo = fromJson(ref.q10[i]);
        const hi = fromJson(ref.q90[i]);
        const slack = 0.25 * (hi - lo); // a different process with its own seed noise: a quarter band of slack
        assert.ok(band.median[i] >= lo - slack && band.median[i] <= hi + slack, `${c.file} t[${i}]: HSGD median ${band.median[i]} vs SGD band [${lo}, ${hi}]`);
      }
    }
  });
});

describe('WebAssembly and TypeScript kernels', () => {
  it('give bit-identical SGD and HSGD risks (identity and power-law spectra)', () => {
    const configs = [
      makeConfig({ dim: 121, noise: { kind: "studentT", dof: 3, scale: 0.5 }, runs: [{ lr: 0.5, clip: { kind: "constant", threshold: 4 } }] }),
      makeConfig({ dim: 120, spectrum: { kind: 'powerLaw', exponent: 1 }, noise: { kind: 'rademacher', scale: 0.3 }, runs: [{ lr: 0.7 }] }),
    ];
    const saved = process.env.CLIPEXP_NO_WASM;
    try {
      for (const config of configs) {
        for (const kind of ['sgd', 'hsgd'] as const) {
          delete process.env.CLIPEXP_NO_WASM;
          const fast = Array.from(simulateRunSeed(config, 0, 5, kind).risk);
          process.env.CLIPEXP_NO_WASM = '1';
          const plain = Array.from(simulateRunSeed(config, 0, 5, kind).risk);
          assert.deepEqual(fast, plain, `${kind} ${config.problem.spectrum.kind}`);
        }
      }
    } finally {
      if (saved === undefined) delete process.env.CLIPEXP_NO_WASM;
      else process.env.CLIPEXP_NO_WASM = saved;
    }
  });
});
