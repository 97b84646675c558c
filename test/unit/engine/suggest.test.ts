// The suggestion against docs/math.md's figures (ODE, identity spectrum, R(0) = 0.5, lr 0.5, horizon 10,
// noise scale 0.5; about 2%), and the heuristic beating the best constant threshold on heavy tails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Noise } from '../../../src/engine/config/types';
import { recordGrid, suggestSchedule } from '../../../src/engine/run/experimentTasks';
import { makeConfig } from '../../fixtures/configs';

function near(got: number, want: number, what: string, tol = 0.02): void {
  assert.ok(Math.abs(got - want) <= tol * want, `${what}: ${got} vs ${want}`);
}

function figures(noise: Noise) {
  const config = makeConfig({ dim: 400, noise, horizon: 10, runs: [{ name: 'SGD', lr: 0.5 }, { name: 'other', lr: 0.3 }], points: 40 });
  return { config, s: suggestSchedule(config) };
}

describe('suggestSchedule', () => {
  it('Cauchy: no clipping diverges, best constant tau 0.52 -> 0.068, heuristic ~0.062, greedy ~0.056', () => {
    const { config, s } = figures({ kind: 'studentT', dof: 1, scale: 0.5 });
    const sqrtD = 20;
    assert.equal(s.run, 'SGD');
    assert.equal(s.lr, 0.5);
    assert.equal(s.noClip.risk, Infinity);
    near(s.bestConstant.threshold / sqrtD, 0.52, 'best constant tau', 0.03);
    near(s.bestConstant.risk, 0.068, 'best constant risk');
    near(s.heuristic.risk, 0.062, 'heuristic risk');
    near(s.greedy.risk, 0.056, 'greedy risk');
    assert.ok(s.heuristic.param >= 0.05 && s.heuristic.param <= 20);
    assert.ok(s.heuristic.risk < s.bestConstant.risk, 'heuristic beats the best constant threshold');
    assert.ok(s.greedy.risk <= s.heuristic.risk);
    const t = Array.from(recordGrid(config));
    assert.deepEqual(s.heuristic.t, t);
    assert.deepEqual(s.greedy.t, t);
    assert.equal(s.heuristic.threshold.length, t.length);
    assert.ok(s.heuristic.threshold.every((c) => c > 0 && Number.isFinite(c)));
  });

  it('Student-t dof 3: no clip 0.125, best constant 0.042, heuristic ~0.038, greedy ~0.031', () => {
    const { s } = figures({ kind: 'studentT', dof: 3, scale: 0.5 });
    near(s.noClip.risk, 0.125, 'no clipping');
    near(s.bestConstant.risk, 0.042, 'best constant');
    near(s.heuristic.risk, 0.038, 'heuristic');
    near(s.greedy.risk, 0.031, 'greedy');
    assert.ok(s.heuristic.risk < s.bestConstant.risk && s.bestConstant.risk < s.noClip.risk);
  });

  it('--run picks the named run; a schedule-lr run or an unknown name is a clear error', () => {
    const config = makeConfig({ dim: 100, noise: { kind: 'gaussian', scale: 0.5 }, horizon: 3, runs: [{ name: 'sched', lr: { kind: 'schedule', t: [0, 3], lr: [0.5, 0.1] } }, { name: 'b', lr: 0.4 }], points: 10 });
    assert.equal(suggestSchedule(config).run, 'b');
    assert.equal(suggestSchedule(config, 'b').lr, 0.4);
    assert.throws(() => suggestSchedule(config, 'nope'), /no run named "nope"/);
    assert.throws(() => suggestSchedule(config, 'sched'), /constant lr/);
  });
});
