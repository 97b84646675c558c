// What the tables show: labels, tr K, final risk, time to risk, "clipping helps from t = ..", and the
// parameters that differ between runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clippingHelpsFrom, divergenceParts, experimentInfo, finalRisk, traceK } from '../../../src/extension/panel/runSummary';
import type { RunResult } from '../../../src/engine/results/types';
import { autoTargetRisk, differingKeys, timeToRisk } from '../../../src/shared/riskMetrics';
import { tinyConfig } from './helpers';

describe('run summaries', () => {
  it('labels runs and normalizes constant thresholds by sqrt(tr K)', () => {
    const info = experimentInfo(tinyConfig(), 'file:///x', 'x.clipexp.json');
    assert.equal(info.traceK, 40);
    assert.deepEqual(info.runs.map((r) => r.clipLabel), ['none', 'c = 3', 'heuristic, kappa 0.7']);
    assert.equal(info.runs[1].normalizedThreshold, 3 / Math.sqrt(40));
    assert.equal(info.runs[0].normalizedThreshold, null);
    assert.deepEqual(info.runs[1].params, { lr: '0.5', 'clip.kind': 'constant', 'clip.threshold': '3' });
  });

  it('tr K: d for the identity, the sum of i^-a for a power law, the sum of the values', () => {
    const withSpectrum = (spectrum: ReturnType<typeof tinyConfig>['problem']['spectrum']) => traceK(tinyConfig({ problem: { ...tinyConfig().problem, spectrum } }));
    assert.equal(withSpectrum({ kind: 'identity' }), 40);
    assert.ok(Math.abs(withSpectrum({ kind: 'powerLaw', exponent: 2 }) - Array.from({ length: 40 }, (_, i) => (i + 1) ** -2).reduce((a, b) => a + b)) < 1e-12);
    assert.equal(withSpectrum({ kind: 'values', values: Array.from({ length: 40 }, () => 0.5) }), 20);
  });

  it('tells which part of a diverged run diverged (also for results cached without the parts)', () => {
    const t = [0, 1, 2, 3];
    const ode = { risk: [1, Infinity, Infinity, Infinity], mu: [], nu: [], threshold: [], ccc: [] };
    const sgd = { median: [1, 2, 3, 4], q10: [1, 1, 1, 1], q90: [1, 2, 3, 4], mean: [], seeds: 8, diverged: 0 };
    const base: RunResult = { name: 'SGD', status: 'diverged', divergedAt: 0.5, ode, sgd, hsgd: null };
    assert.deepEqual(divergenceParts({ ...base, odeDivergedAt: 0.5 }, t), { odeDivergedAt: 0.5, sgdDivergedAt: null, sgdDivergedSeeds: 0 });
    // Old cache entry: the ODE curve is infinite, no seed diverged.
    assert.deepEqual(divergenceParts(base, t), { odeDivergedAt: 1, sgdDivergedAt: null, sgdDivergedSeeds: 0 });
    // Old cache entry: seeds overflowed, the ODE is finite.
    const seeds = { ...base, ode: { ...ode, risk: [1, 2, 3, 4] }, sgd: { ...sgd, diverged: 3, q90: [1, 2, Infinity, Infinity] }, divergedAt: 1.5 };
    assert.deepEqual(divergenceParts(seeds, t), { odeDivergedAt: null, sgdDivergedAt: 1.5, sgdDivergedSeeds: 3 });
    assert.deepEqual(divergenceParts({ ...base, status: 'ok', divergedAt: undefined }, t).odeDivergedAt, null);
    // The infinite ODE risk is expected exactly for unclipped runs under infinite-variance noise.
    const info = experimentInfo(tinyConfig(), 'file:///x', 'x.clipexp.json');
    assert.deepEqual(info.runs.map((r) => r.odeRiskInfinite), [true, false, false]);
    const gaussian = experimentInfo(tinyConfig({ problem: { ...tinyConfig().problem, noise: { kind: 'studentT', dof: 3, scale: 1 } } }), 'file:///x', 'x');
    assert.equal(gaussian.runs[0].odeRiskInfinite, false);
  });

  it('reads the final risk from the SGD median, or the ODE without seeds', () => {
    assert.deepEqual(finalRisk({ sgd: { median: [3, 2] }, ode: { risk: [3, 1] } }), { value: 2, source: 'sgd' });
    assert.deepEqual(finalRisk({ sgd: null, ode: { risk: [3, 1] } }), { value: 1, source: 'ode' });
    assert.deepEqual(finalRisk({ sgd: null, ode: null }), { value: null, source: null });
  });

  it('finds where clipping starts to help (criterion above 1), only for clipped runs', () => {
    assert.equal(clippingHelpsFrom([0, 1, 2, 3], [0.5, 0.9, 1.3, 2], true), 2);
    assert.equal(clippingHelpsFrom([0, 1], [0.5, 0.9], true), null);
    assert.equal(clippingHelpsFrom([0, 1], [1, 1], false), null);
  });
});

describe('risk metrics', () => {
  it('time to risk interpolates the crossing in log-log and says when never reached', () => {
    const t = [1, 10, 100];
    const risk = [1, 0.1, 0.01];
    assert.ok(Math.abs(timeToRisk(t, risk, 0.1)! - 10) < 1e-9);
    assert.ok(Math.abs(timeToRisk(t, risk, Math.sqrt(0.1))! - Math.sqrt(10)) < 1e-9);
    assert.equal(timeToRisk(t, risk, 0.001), null);
    assert.equal(timeToRisk(t, [1, Infinity, NaN], 0.5), null);
    assert.equal(timeToRisk(t, risk, 2), 1);
  });

  it('default target: 1.5 x the best final risk', () => {
    assert.equal(autoTargetRisk([0.2, 0.1, null, Infinity]), 0.15);
    assert.equal(autoTargetRisk([null, Infinity]), null);
  });

  it('lists only the parameters that differ', () => {
    assert.deepEqual(differingKeys([{ lr: '0.5', 'clip.kind': 'none' }, { lr: '0.5', 'clip.kind': 'constant', 'clip.threshold': '3' }]), ['clip.kind', 'clip.threshold']);
    assert.deepEqual(differingKeys([{ a: '1' }, { a: '1' }]), []);
  });
});
