// WorkerPool: crashes are contained (only the dead worker's task fails, the worker is replaced),
// cancellation frees workers within 100 ms (measured), FIFO results, and the pool's bookkeeping.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AbortError, TaskError, WorkerCrashError, WorkerPool } from '../../../src/engine/run/pool';
import type { ExperimentConfig } from '../../../src/engine/config/types';
import { simulateRunSeed, solveRunOde } from '../../../src/engine/run/experimentTasks';
import { testWorkerScript } from './buildWorker';
import type { DiagnosticResult, DiagnosticTask } from './diagnosticWorker';
import type { WorkerTask } from '../../../src/engine/run/workerProtocol';

/** Runs a test-only task (diagnosticWorker.ts) on a pool of the tests' worker. */
function diagnostic(pool: WorkerPool, task: DiagnosticTask, options?: Parameters<WorkerPool['run']>[1]): Promise<DiagnosticResult> {
  return pool.run(task as unknown as WorkerTask, options) as unknown as Promise<DiagnosticResult>;
}
import { waitFor } from './waitFor';
import { makeConfig } from '../../fixtures/configs';

const CANCEL_BUDGET_MS = 100;

function smallConfig(): ExperimentConfig {
  return makeConfig({
    name: 'pool test', dim: 40, spectrum: { kind: 'powerLaw', exponent: 0.5 }, target: { kind: 'gaussian', norm: 1 },
    noise: { kind: 'studentT', dof: 2, scale: 0.5 }, horizon: 4, runs: [{ name: 'clip', lr: 0.5, clip: { kind: 'constant', threshold: 2 } }],
    seeds: 3, seed: 7, points: 12,
  });
}

/** A seed long enough to be cancelled mid-way (several seconds of work). */
function slowConfig(): ExperimentConfig {
  const c = smallConfig();
  c.problem = { ...c.problem, dim: 3000, spectrum: { kind: 'identity' } };
  c.horizon = 200;
  return c;
}

async function timeUntilIdle(pool: WorkerPool): Promise<number> {
  const start = performance.now();
  await pool.whenIdle();
  return performance.now() - start;
}

describe('WorkerPool', () => {
  const pools: WorkerPool[] = [];
  const newPool = (size: number) => {
    const pool = new WorkerPool(testWorkerScript(), { size });
    pools.push(pool);
    return pool;
  };
  after(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('refuses a missing worker script with a clear message', () => {
    assert.throws(() => new WorkerPool('/nonexistent/worker.js'), /worker script not found: \/nonexistent\/worker\.js/);
  });

  it('computes the same ODE and seed as the kernels in-process', async () => {
    const pool = newPool(2);
    const config = smallConfig();
    const [ode, seed] = await Promise.all([
      pool.run({ kind: 'ode', config, runIndex: 0 }),
      pool.run({ kind: 'seed', config, runIndex: 0, seedIndex: 1, simulation: 'sgd' }),
    ]);
    assert.deepEqual(ode, solveRunOde(config, 0));
    const local = simulateRunSeed(config, 0, 1, 'sgd');
    assert.ok(seed.risk instanceof Float64Array);
    assert.deepEqual(Array.from(seed.risk), Array.from(local.risk));
  });

  it('a kernel error rejects its task only; the worker survives', async () => {
    const pool = newPool(1);
    await assert.rejects(pool.run({ kind: 'ode', config: smallConfig(), runIndex: 5 }), (e: Error) => e instanceof TaskError && /no such run/.test(e.message));
    await assert.rejects(diagnostic(pool, { kind: 'diagnostic', action: 'throw' }), TaskError);
    const ok = await diagnostic(pool, { kind: 'diagnostic', action: 'spin', ms: 1 });
    assert.equal(ok.stopped, false);
    assert.equal(pool.workerCount, 1);
  });

  for (const action of ['exit', 'crash'] as const) {
    it(`a worker that dies (${action}) is replaced and only its task fails`, async () => {
      const pool = newPool(2);
      const others = [0, 1, 2, 3].map(() => diagnostic(pool, { kind: 'diagnostic', action: 'spin', ms: 30 }));
      const dying = diagnostic(pool, { kind: 'diagnostic', action });
      const more = [0, 1, 2].map(() => diagnostic(pool, { kind: 'diagnostic', action: 'spin', ms: 10 }));
      await assert.rejects(dying, (e: Error) => e instanceof WorkerCrashError && /worker (exited with code 3|crashed: diagnostic crash)/.test(e.message));
      const results = await Promise.all([...others, ...more]);
      assert.equal(results.length, 7);
      for (const r of results) assert.equal(r.stopped, false);
      assert.equal(pool.workerCount, 2, 'the dead worker was replaced');
      // The replacement does real work.
      const seed = await pool.run({ kind: 'seed', config: smallConfig(), runIndex: 0, seedIndex: 0, simulation: 'sgd' });
      assert.equal(seed.risk.length, 12);
    });
  }

  it('cancelling running seeds frees every worker within 100 ms and drops queued tasks', async () => {
    const pool = newPool(2);
    const config = slowConfig();
    const controller = new AbortController();
    const tasks = [0, 1, 2, 3, 4].map((seedIndex) =>
      pool.run({ kind: 'seed', config, runIndex: 0, seedIndex, simulation: 'sgd' }, { signal: controller.signal }));
    // Let both workers get well into their seeds.
    await waitFor(() => pool.busyCount === 2, 'both workers busy');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(pool.busyCount, 2);
    assert.equal(pool.queuedCount, 3);
    const start = performance.now();
    controller.abort();
    const settled = await Promise.allSettled(tasks);
    const rejectedAfter = performance.now() - start;
    const idleAfter = await timeUntilIdle(pool) + rejectedAfter;
    for (const s of settled) assert.ok(s.status === 'rejected' && s.reason instanceof AbortError);
    assert.ok(idleAfter < CANCEL_BUDGET_MS, `workers freed after ${idleAfter.toFixed(1)} ms`);
    assert.equal(pool.queuedCount, 0);
    // The same workers (cooperative stop: no replacement needed) take new work at once.
    const again = await diagnostic(pool, { kind: 'diagnostic', action: 'spin', ms: 1 });
    assert.equal(again.stopped, false);
  });

  it('a task that ignores the cancel flag is terminated within 100 ms and its worker replaced', async () => {
    const pool = newPool(1);
    const controller = new AbortController();
    const hung = diagnostic(pool, { kind: 'diagnostic', action: 'hang', ms: 10_000 }, { signal: controller.signal });
    await waitFor(() => pool.busyCount === 1, 'the worker busy');
    await new Promise((r) => setTimeout(r, 50));
    const start = performance.now();
    controller.abort();
    await assert.rejects(hung, AbortError);
    await pool.whenIdle();
    const freedAfter = performance.now() - start;
    assert.ok(freedAfter < CANCEL_BUDGET_MS, `worker freed after ${freedAfter.toFixed(1)} ms`);
    const next = await diagnostic(pool, { kind: 'diagnostic', action: 'spin', ms: 1 });
    assert.equal(next.stopped, false);
    assert.equal(pool.workerCount, 1);
  });

  it('a cooperative task notices the cancel flag (stopped, not killed)', async () => {
    const pool = newPool(1);
    const controller = new AbortController();
    const spinning = diagnostic(pool, { kind: 'diagnostic', action: 'spin', ms: 10_000 }, { signal: controller.signal });
    await waitFor(() => pool.busyCount === 1, 'the worker busy');
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await assert.rejects(spinning, AbortError);
    await pool.whenIdle();
    assert.equal(pool.workerCount, 1, 'the worker was not terminated');
  });

  it('an already aborted signal rejects without running', async () => {
    const pool = newPool(1);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(diagnostic(pool, { kind: 'diagnostic', action: 'spin', ms: 1 }, { signal: controller.signal }), AbortError);
    assert.equal(pool.workerCount, 0, 'no worker was even started');
  });

  it('streams progress for long seeds', async () => {
    const pool = newPool(1);
    const config = slowConfig();
    config.horizon = 15;
    const fractions: number[] = [];
    await pool.run({ kind: 'seed', config, runIndex: 0, seedIndex: 0, simulation: 'sgd' }, { onProgress: (f) => fractions.push(f) });
    assert.ok(fractions.length >= 2, `got ${fractions.length} progress messages`);
    for (let i = 1; i < fractions.length; i++) assert.ok(fractions[i] >= fractions[i - 1]);
    assert.ok(fractions.every((f) => f >= 0 && f <= 1));
  });

  it('close() rejects queued work and later calls', async () => {
    const pool = new WorkerPool(testWorkerScript(), { size: 1 });
    const running = diagnostic(pool, { kind: 'diagnostic', action: 'spin', ms: 2000 });
    const queued = diagnostic(pool, { kind: 'diagnostic', action: 'spin', ms: 1 });
    const runningRejects = assert.rejects(running, /closed/);
    const queuedRejects = assert.rejects(queued, /closed/);
    await new Promise((r) => setTimeout(r, 50));
    await pool.close();
    await runningRejects;
    await queuedRejects;
    await assert.rejects(diagnostic(pool, { kind: 'diagnostic', action: 'spin', ms: 1 }), /closed/);
    assert.equal(pool.workerCount, 0);
  });
});
