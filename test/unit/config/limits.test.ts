// Resource limits: estimates of work and memory, refusals that say what to lower, a warning
// for runs expected to take over a minute, configurable limits.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExperimentConfig } from '../../../src/engine/config/types';
import { checkLimits, DEFAULT_LIMITS, estimateRun, formatDuration, traceOfSpectrum } from '../../../src/engine/config/limits';
import { makeConfig } from '../../fixtures/configs';

function config(overrides: Partial<ExperimentConfig> = {}): ExperimentConfig {
  const base = makeConfig({ name: 'limits', dim: 1000, target: { kind: 'zero' }, horizon: 10, runs: [{ name: 'a', lr: 0.5 }, { name: 'b', lr: 0.5 }], seeds: 8, points: 200 });
  return { ...base, ...overrides };
}

describe('limits', () => {
  it('defaults are the documented ones (docs/format.md, Limits)', () => {
    assert.deepEqual(DEFAULT_LIMITS, { maxDim: 100_000, maxSeeds: 1_000, maxPoints: 10_000, maxMemoryBytes: 1024 ** 3 });
  });

  it('tr K of each spectrum', () => {
    assert.equal(traceOfSpectrum(config()), 1000);
    const harmonic = traceOfSpectrum(config({ problem: { ...config().problem, dim: 4, spectrum: { kind: 'powerLaw', exponent: 1 } } }));
    assert.ok(Math.abs(harmonic - (1 + 1 / 2 + 1 / 3 + 1 / 4)) < 1e-12);
    assert.equal(traceOfSpectrum(config({ problem: { ...config().problem, dim: 3, spectrum: { kind: 'values', values: [1, 2, 0.5] } } })), 3.5);
  });

  it('work = runs x seeds x steps x dim, with steps = horizon x tr K', () => {
    const e = estimateRun(config(), { threads: 2 });
    assert.equal(e.stepsPerSeed, 10_000);
    assert.equal(e.seedTasks, 16);
    assert.equal(e.coordinateSteps, 16 * 10_000 * 1000);
    assert.equal(e.threads, 2);
    // About 4 ns per coordinate-step per thread.
    assert.ok(Math.abs(e.seconds - (1.6e8 * 4e-9) / 2) < 1e-9);
    const withHsgd = estimateRun(config(), { threads: 2, hsgd: true });
    assert.equal(withHsgd.coordinateSteps, 2 * e.coordinateSteps);
    assert.equal(estimateRun(config(), { sgd: false }).coordinateSteps, 0);
    assert.equal(estimateRun(config(), { runCount: 1, threads: 2 }).seedTasks, 8);
  });

  it('accepts the default-sized experiments without problems', () => {
    assert.deepEqual(checkLimits(config(), { threads: 2 }).problems, []);
  });

  it('refuses each limit with a message saying what to lower', () => {
    const big = checkLimits(config({ seeds: 2000 }), { threads: 2, sgd: false });
    assert.deepEqual(big.problems.filter((p) => p.severity === 'error').map((p) => [p.path.join('.'), p.message]), [
      ['seeds', 'seeds is 2000, above the limit of 1000: lower seeds'],
    ]);
    const points = checkLimits(config({ record: { points: 20_000, spacing: 'log' } }), { threads: 2, sgd: false });
    assert.match(points.problems[0].message, /record\.points is 20000, above the limit of 10000: lower record\.points/);
    const dim = checkLimits(config(), { threads: 2, limits: { maxDim: 500 } });
    assert.match(dim.problems[0].message, /problem\.dim is 1000, above the limit of 500: lower problem\.dim/);
  });

  it('refuses what needs more memory than allowed', () => {
    // 100 runs x 1000 seeds x 10000 points of float64 is 8 GB.
    const runs = Array.from({ length: 100 }, (_, i) => ({ name: `r${i}`, lr: 0.5 }));
    const check = checkLimits(config({ runs, seeds: 1000, record: { points: 10_000, spacing: 'log' }, horizon: 0.001 }), { threads: 2 });
    const error = check.problems.find((p) => p.severity === 'error');
    assert.ok(check.estimate.memoryBytes > 7e9);
    assert.match(error!.message, /needs about \d+\.\d GB of memory, above the limit of 1\.0 GB: lower seeds \(1000\), record\.points \(10000\), the number of runs \(100\)/);
    // A configurable limit: the same experiment with a bigger allowance passes.
    assert.equal(checkLimits(config({ runs, seeds: 1000, record: { points: 10_000, spacing: 'log' }, horizon: 0.001 }), { threads: 2, limits: { maxMemoryBytes: 16 * 1024 ** 3 } }).problems.filter((p) => p.severity === 'error').length, 0);
  });

  it('warns when a run is expected to take over a minute', () => {
    // 2 runs x 100 seeds x 1e6 steps x 1e5 dims = 2e13 coordinate-steps: about 11 hours on 2 threads.
    const heavy = checkLimits(config({ problem: { ...config().problem, dim: 100_000 }, seeds: 100 }), { threads: 2 });
    const warning = heavy.problems.find((p) => p.severity === 'warning');
    assert.ok(warning, 'a warning');
    assert.equal(heavy.problems.filter((p) => p.severity === 'error').length, 0, 'only a warning');
    assert.match(warning!.message, /expected to take about 11 hours .* lower seeds, problem\.dim or horizon/);
    // A lighter one does not warn; the threshold is configurable.
    assert.equal(checkLimits(config(), { threads: 2 }).problems.length, 0);
    assert.equal(checkLimits(config(), { threads: 2, warnSeconds: 0.01 }).problems[0].severity, 'warning');
  });

  it('formats durations for people', () => {
    assert.equal(formatDuration(30), '30 seconds');
    assert.equal(formatDuration(600), '10 minutes');
    assert.equal(formatDuration(7200), '2 hours');
    assert.equal(formatDuration(86400 * 5), '5 days');
  });
});
