// Seed statistics: numpy's default (linear) percentiles; diverged seeds sort high.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateSeeds } from '../../../src/engine/run/experimentTasks';

describe('aggregateSeeds', () => {
  it('matches numpy.percentile (linear) and the mean', () => {
    // numpy: percentile([1, 2, 3, 4], [10, 50, 90]) = [1.3, 2.5, 3.7]
    const risks = [1, 4, 2, 3].map((v) => Float64Array.of(v, 10 * v));
    const a = aggregateSeeds(risks);
    assert.deepEqual(a.median, [2.5, 25]);
    assert.ok(Math.abs(a.q10[0] - 1.3) < 1e-12 && Math.abs(a.q90[0] - 3.7) < 1e-12);
    assert.ok(Math.abs(a.q10[1] - 13) < 1e-12 && Math.abs(a.q90[1] - 37) < 1e-12);
    assert.deepEqual(a.mean, [2.5, 25]);
    // Odd count: median is the middle element; numpy: percentile([5, 1, 3], 10) = 1.4.
    const b = aggregateSeeds([5, 1, 3].map((v) => Float64Array.of(v)));
    assert.equal(b.median[0], 3);
    assert.ok(Math.abs(b.q10[0] - 1.4) < 1e-12);
  });

  it('treats Infinity and NaN (diverged seeds) as above every number', () => {
    const risks = [Float64Array.of(1), Float64Array.of(NaN), Float64Array.of(2), Float64Array.of(Infinity), Float64Array.of(3)];
    const a = aggregateSeeds(risks);
    assert.equal(a.median[0], 3);
    assert.ok(Math.abs(a.q10[0] - 1.4) < 1e-12);
    assert.equal(a.q90[0], Infinity);
    assert.equal(a.mean[0], Infinity);
  });

  it('a single seed is its own band', () => {
    const a = aggregateSeeds([Float64Array.of(0.3, 0.2)]);
    assert.deepEqual(a.median, [0.3, 0.2]);
    assert.deepEqual(a.q10, [0.3, 0.2]);
    assert.deepEqual(a.q90, [0.3, 0.2]);
  });
});
