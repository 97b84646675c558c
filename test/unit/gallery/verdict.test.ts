// The gallery sentence follows the numbers: the same experiment with different numbers gets a
// different verdict, never a canned one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExperimentResult, RunResult } from '../../../src/engine/results/types';
import { galleryMarkdown } from '../../../src/gallery/markdown';
import { runFacts, verdict, type PhaseMapFacts } from '../../../src/gallery/verdict';
import { experiment } from './helpers';

const t = [0, 1, 2, 3];
const config = experiment({
  noise: { kind: 'studentT', dof: 3, scale: 0.5 },
  runs: [{ name: 'SGD', lr: 0.5 }, { name: 'clip c=5', lr: 0.5, clip: { kind: 'constant', threshold: 5 } }],
});

function run(name: string, final: number, spread = 0.1, ode = final): RunResult {
  const curve = [1, 0.5, 0.3, final];
  return {
    name,
    status: Number.isFinite(ode) ? 'ok' : 'diverged',
    ode: { risk: [1, 0.5, 0.3, ode], mu: [1, 1, 1, 1], nu: [1, 1, 1, 1], threshold: [5, 5, 5, 5], ccc: [1, 1, 1, 1] },
    sgd: { median: curve, q10: curve.map((v) => v * (1 - spread)), q90: curve.map((v) => v * (1 + spread)), mean: curve, seeds: 4, diverged: 0 },
    hsgd: null,
  };
}

function result(plain: RunResult, clipped: RunResult): ExperimentResult {
  return {
    format: 'clipexp-result', version: 1, name: 'x', t, runs: [plain, clipped],
    suggestion: {
      run: 'SGD', lr: 0.5, noClip: { risk: 0.12 }, bestConstant: { threshold: 11, risk: 0.042 },
      heuristic: { param: 0.7, risk: 0.038, t: [0, 3], threshold: [1, 1] }, greedy: { risk: 0.031, t: [0, 3], threshold: [1, 1] },
    },
  };
}

const helps: PhaseMapFacts = { infiniteVariance: false, helpsCells: 50, cells: 100, maxRatio: 1.9 };
const never: PhaseMapFacts = { infiniteVariance: false, helpsCells: 0, cells: 100, maxRatio: 1 };

describe('gallery verdict', () => {
  it('clipping well below plain SGD: "clipping wins" with the factor, the phase map share and the strategies in order', () => {
    const s = verdict(config, result(run('SGD', 0.12), run('clip c=5', 0.04)), helps);
    assert.match(s, /^Clipping wins: clip c=5 ends at 0\.04, 3× below the best unclipped run \(SGD: 0\.12\)/);
    assert.match(s, /the CCC ratio exceeds 1 on 50% of the phase map \(up to 1\.9\)/);
    assert.match(s, /greedy oracle 0\.031 < heuristic \(κ = 0\.7\) 0\.038 < best constant \(c = 11\) 0\.042 < no clipping 0\.12\.$/);
  });

  it('the same runs with the numbers swapped: "no clipped run beats plain SGD"', () => {
    const s = verdict(config, result(run('SGD', 0.04), run('clip c=5', 0.12)), never);
    assert.match(s, /^No clipped run beats plain SGD: SGD ends at 0\.04, the best clipped run \(clip c=5\) at 0\.12/);
    assert.match(s, /the CCC ratio never exceeds 1/);
    assert.doesNotMatch(s, /greedy oracle/, 'no ranking of clipping strategies where clipping never helps');
  });

  it('a gain within the seed noise is called so', () => {
    const s = verdict(config, result(run('SGD', 0.05, 0.3), run('clip c=5', 0.046, 0.3)), never);
    assert.match(s, /^Clipping gains nothing beyond the seed noise/);
  });

  it('plain SGD without a finite ODE: stalls or diverges', () => {
    const stalls = verdict(config, result(run('SGD', 0.35, 0.5, Infinity), run('clip c=5', 0.035)), { ...helps, infiniteVariance: true });
    assert.match(stalls, /^Plain SGD has no finite ODE risk and stalls at a median of 0\.35, 10× above clipping/);
    assert.match(stalls, /every threshold on the phase map helps/);
    const diverges = verdict(config, result(run('SGD', Infinity, 0.5, Infinity), run('clip c=5', 0.035)), helps);
    assert.match(diverges, /^Plain SGD diverges while clipping converges/);
  });

  it('runFacts: SGD median and band at the horizon, the ODE, the share of times the ODE is in the band', () => {
    const plain = run('SGD', 0.1);
    plain.ode!.risk = [1, 0.5, 0.9, 0.1]; // outside the band at t = 2 only
    const facts = runFacts(config, result(plain, run('clip c=5', 0.05)));
    assert.equal(facts[0].final, 0.1);
    assert.equal(facts[0].source, 'sgd');
    assert.ok(Math.abs(facts[0].q10! - 0.09) < 1e-12);
    assert.ok(Math.abs(facts[0].odeInBand! - 2 / 3) < 1e-12);
    assert.equal(facts[1].clipped, true);
  });

  it('markdown: every example with its verdict, both figures and its risks table', () => {
    const md = galleryMarkdown([{ file: 'x.clipexp.json', config, result: result(run('SGD', 0.12), run('clip c=5', 0.04)), phase: { ...helps, summary: 'helps' }, plot: 'gallery/x.png', ccc: 'gallery/x-ccc.png' }], { engineVersion: '9', command: 'npm run gallery' });
    assert.match(md, /\(#x\)/);
    assert.match(md, /!\[Risk chart: gallery test\]\(gallery\/x\.png\)/);
    assert.match(md, /!\[CCC phase map: gallery test\]\(gallery\/x-ccc\.png\)/);
    assert.match(md, /\| clip c=5 \| 0\.5 \| c = 5 \| 0\.04 \| 0\.036 – 0\.044 \| 0\.04 \|/);
    assert.match(md, /\*\*Clipping wins/);
  });
});
