// Cache keys: every parameter that changes a run's numbers changes its key; nothing else does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExperimentConfig } from '../../../src/engine/config/types';
import { canonicalJson, experimentCacheKey, experimentCacheMaterial, runCacheKey, runCacheMaterial } from '../../../src/engine/results/hash';
import { ENGINE_VERSION } from '../../../src/engine/run/experimentTasks';
import { makeConfig } from '../../fixtures/configs';

function config(): ExperimentConfig {
  return makeConfig({
    name: 'hash', description: 'text', dim: 10, spectrum: { kind: 'powerLaw', exponent: 1 }, target: { kind: 'gaussian', norm: 1 },
    noise: { kind: 'studentT', dof: 3, scale: 0.5 }, horizon: 10,
    runs: [{ name: 'a', lr: 0.5 }, { name: 'b', lr: 0.5, clip: { kind: 'constant', threshold: 3 } }], seeds: 8, points: 50,
  });
}

describe('cache keys', () => {
  it('canonical JSON does not depend on key order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
    assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
  });

  it('covers the engine version (a new engine never reuses old numbers)', () => {
    assert.ok(runCacheMaterial(config(), 0).includes(`"engine":${JSON.stringify(ENGINE_VERSION)}`));
    assert.ok(experimentCacheMaterial(config()).includes(`"engine":${JSON.stringify(ENGINE_VERSION)}`));
  });

  it('is a sha256 hex digest, stable across calls', () => {
    assert.match(runCacheKey(config(), 0), /^[0-9a-f]{64}$/);
    assert.equal(runCacheKey(config(), 1), runCacheKey(config(), 1));
  });

  const changes: Array<[string, (c: ExperimentConfig) => void]> = [
    ['dim', (c) => { c.problem.dim = 11; }],
    ['spectrum', (c) => { c.problem.spectrum = { kind: 'powerLaw', exponent: 1.0001 }; }],
    ['target', (c) => { c.problem.target = { kind: 'flat', norm: 1 }; }],
    ['init', (c) => { c.problem.init = { kind: 'flat', norm: 0.1 }; }],
    ['noise', (c) => { c.problem.noise = { kind: 'studentT', dof: 3, scale: 0.51 }; }],
    ['horizon', (c) => { c.horizon = 11; }],
    ['record points', (c) => { c.record.points = 51; }],
    ['record spacing', (c) => { c.record.spacing = 'linear'; }],
    ['seeds', (c) => { c.seeds = 9; }],
    ['seed', (c) => { c.seed = 1; }],
    ['ode', (c) => { c.ode = false; }],
    ['the run lr', (c) => { c.runs[1].lr = 0.6; }],
    ['the run clip', (c) => { c.runs[1].clip = { kind: 'constant', threshold: 3.5 }; }],
    ['the run name', (c) => { c.runs[1].name = 'c'; }],
  ];
  for (const [what, change] of changes) {
    it(`changes with ${what}`, () => {
      const changed = config();
      change(changed);
      assert.notEqual(runCacheKey(changed, 1), runCacheKey(config(), 1));
      assert.notEqual(experimentCacheKey(changed), experimentCacheKey(config()));
    });
  }

  it('depends on the run index (random streams do), not on other runs, names or descriptions', () => {
    const swapped = config();
    swapped.runs = [swapped.runs[1], swapped.runs[0]];
    assert.notEqual(runCacheKey(swapped, 0), runCacheKey(config(), 1), 'same run at another index');
    const other = config();
    other.runs[0] = { name: 'z', lr: 0.1 };
    other.name = 'renamed';
    other.description = 'changed';
    assert.equal(runCacheKey(other, 1), runCacheKey(config(), 1));
    const described = config();
    described.description = 'another';
    described.$schema = './x.json';
    assert.equal(experimentCacheKey(described), experimentCacheKey(config()));
  });
});
