// Host-side decimation: bounded points, evenly spread in screen space (log or linear x), first and
// last kept, one index set shared by every run (so the tooltip reads all runs at the same time).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pointBudget, sample, selectIndices } from '../../../src/extension/panel/decimate';
import { makeRecordGrid } from '../../../src/engine/model/grid';

function logGrid(n: number, lo = 1e-3, hi = 100): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => lo * Math.pow(hi / lo, i / (n - 1)));
}
function linGrid(n: number, hi = 100): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (hi * i) / (n - 1));
}

describe('selectIndices', () => {
  it('keeps everything when the grid is within budget', () => {
    assert.deepEqual([...selectIndices(linGrid(50), 'linear', 100)], Array.from({ length: 50 }, (_, i) => i));
  });

  it('bounds the points, keeps first and last, strictly increasing', () => {
    for (const scale of ['log', 'linear'] as const) {
      for (const grid of [logGrid(10_000), linGrid(10_000)]) {
        const idx = selectIndices(grid, scale, 300);
        assert.ok(idx.length <= 300 && idx.length >= 100, `${scale}: ${idx.length}`);
        assert.equal(idx[0], 0);
        assert.equal(idx[idx.length - 1], grid.length - 1);
        for (let k = 1; k < idx.length; k++) assert.ok(idx[k] > idx[k - 1]);
      }
    }
  });

  it('spreads points evenly in log(t) on a log axis', () => {
    // A linear grid seen on a log axis: naive stride sampling would leave the first decades empty.
    const grid = linGrid(10_000, 10);
    const idx = selectIndices(grid, 'log', 200);
    const logs = [...idx].filter((i) => grid[i] > 0).map((i) => Math.log10(grid[i]));
    const perDecade = [-3, -2, -1, 0].map((d) => logs.filter((l) => l >= d && l < d + 1).length);
    // Every decade that the grid covers densely gets a comparable share.
    assert.ok(Math.min(...perDecade.slice(1)) >= 0.5 * Math.max(...perDecade.slice(1)), String(perDecade));
    const stride = selectIndices(grid, 'linear', 200);
    assert.ok([...stride].filter((i) => grid[i] > 0 && grid[i] < 0.1).length <= 2);
  });

  it('spreads points evenly in t on a linear axis', () => {
    const grid = logGrid(10_000);
    const idx = selectIndices(grid, 'linear', 200);
    const gaps = [];
    for (let k = 2; k < idx.length - 1; k++) gaps.push(grid[idx[k]] - grid[idx[k - 1]]);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    assert.ok(Math.max(...gaps) < 3 * mean, `gaps up to ${Math.max(...gaps)} vs mean ${mean}`);
  });

  it('keeps t = 0 on a log axis (the linear view needs it) and spreads the rest', () => {
    const grid = linGrid(5000);
    const idx = selectIndices(grid, 'log', 100);
    assert.equal(idx[0], 0);
    assert.equal(idx[1], 1);
    assert.ok(idx.length <= 100);
  });

  it('handles degenerate grids', () => {
    assert.equal(selectIndices(new Float64Array(0), 'log', 10).length, 0);
    assert.deepEqual([...selectIndices(Float64Array.from([5]), 'log', 10)], [0]);
    assert.deepEqual([...selectIndices(new Float64Array(1000).fill(1), 'linear', 10)], [0, 999]);
    assert.deepEqual([...selectIndices(new Float64Array(1000), 'log', 10)], [0, 999]);
  });

  it('works on the engine\'s record grids and samples runs on one shared index set', () => {
    const grid = makeRecordGrid(10, 10_000, 'log');
    const idx = selectIndices(grid, 'log', pointBudget(100 * 4));
    const runA = grid.map((t) => 1 / (1 + t));
    const runB = grid.map((t) => 2 / (1 + t));
    const a = sample(runA, idx);
    const b = sample(runB, idx);
    assert.equal(a.length, idx.length);
    for (let k = 0; k < idx.length; k++) {
      assert.equal(a[k], runA[idx[k]]);
      assert.equal(b[k], 2 * a[k]);
    }
  });

  it('keeps about 40k points in total: 100 runs x 4 curves stay drawable', () => {
    assert.equal(pointBudget(400), 100);
    assert.equal(pointBudget(4), 600);
    assert.ok(pointBudget(12) * 12 <= 40_000);
  });

  it('marks points beyond a curve as NaN instead of reading out of bounds', () => {
    const out = sample([1, 2], Uint32Array.from([0, 1, 5]));
    assert.equal(out[1], 2);
    assert.ok(Number.isNaN(out[2]));
  });
});
