// `clipexp plot` marks divergence on the curve that diverged, as the panel does: plain SGD under Cauchy
// noise has an infinite ODE (expected, no marker), a run with a huge learning rate has SGD seeds that blow up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartRunsOf } from '../../../src/cli/figures';
import type { Noise, RunConfig } from '../../../src/engine/config/types';
import { runExperiment } from '../../../src/engine/run/runner';
import { divergenceMarkers } from '../../../src/shared/chartConfig';
import { testWorkerScript } from '../pool/buildWorker';

test('plot: an infinite-variance ODE is not a divergence; SGD blow-ups are marked on the SGD curve', async () => {
  const run = (noise: Noise, runs: RunConfig[]) => runExperiment({
    version: 1,
    name: 'markers',
    problem: { dim: 40, spectrum: { kind: 'identity' }, target: { kind: 'flat', norm: 1 }, init: { kind: 'zero' }, noise },
    horizon: 20,
    runs,
    seeds: 4,
    seed: 0,
    record: { points: 30, spacing: 'log' },
    ode: true,
  }, { threads: 1, workerScript: testWorkerScript() });
  const [sgd] = chartRunsOf(await run({ kind: 'studentT', dof: 1, scale: 0.5 }, [{ name: 'SGD', lr: 0.5 }]));
  const [huge] = chartRunsOf(await run({ kind: 'gaussian', scale: 0.5 }, [{ name: 'huge lr', lr: 50 }]));
  assert.equal(sgd.odeRiskInfinite, true);
  assert.ok(divergenceMarkers(sgd).every((m) => !m.label.includes('ODE')), 'no ODE marker on plain SGD under Cauchy noise');
  assert.equal(huge.odeRiskInfinite, false);
  const markers = divergenceMarkers(huge);
  assert.ok(markers.some((m) => m.label.includes('SGD diverged')), `SGD marker on the huge-lr run: ${JSON.stringify(markers.map((m) => m.label))}`);
});
