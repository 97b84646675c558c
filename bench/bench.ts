// `npm run bench`: C-SGD throughput (d = 1000, identity spectrum, Student-t noise, 8 seeds, horizon
// 10, constant clipping; single thread) and the ODE of a d = 10,000 power-law problem to t = 100.
import { runExperiment, simulateRunSeed, solveRunOde, wasmAvailable, WorkerPool, type ExperimentConfig } from '../src/engine';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { makeConfig } from '../test/fixtures/configs';

function sgdBenchConfig(): ExperimentConfig {
  return makeConfig({
    name: 'bench: C-SGD', dim: 1000, target: { kind: 'gaussian', norm: 1 }, noise: { kind: 'studentT', dof: 3, scale: 0.5 },
    horizon: 10, runs: [{ name: 'clip', lr: 0.5, clip: { kind: 'constant', threshold: 15 } }], seeds: 8, points: 200, ode: false,
  });
}

function sgdBenchmark(label: string): void {
  const config = sgdBenchConfig();
  simulateRunSeed(config, 0, 99, 'sgd'); // warm-up (JIT)
  // Best of 3 passes over the 8 seeds: the machine is shared, the minimum is the least disturbed.
  // CPU time is reported beside wall time: on a busy shared machine it is the steadier figure.
  let seconds = Infinity;
  let cpuSeconds = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    for (let s = 0; s < config.seeds; s++) simulateRunSeed(config, 0, s, 'sgd');
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - start) / 1e9);
    const used = process.cpuUsage(cpu);
    cpuSeconds = Math.min(cpuSeconds, (used.user + used.system) / 1e6);
  }
  const steps = Math.round(config.horizon * config.problem.dim) * config.seeds;
  const perStep = (x: number) => ((x / steps) * 1e6).toFixed(2);
  console.log(`C-SGD  d=1000 identity, Student-t(3), 8 seeds, horizon 10 (${steps} seed-steps, 1 thread, ${label})`);
  console.log(`       ${seconds.toFixed(3)} s total, ${perStep(seconds)} us per seed-step (best of 3; CPU time ${perStep(cpuSeconds)} us)`);
}

function odeBenchmark(): void {
  const config = makeConfig({
    name: 'bench: ODE', dim: 10000, spectrum: { kind: 'powerLaw', exponent: 1 }, target: { kind: 'gaussian', norm: 1 },
    noise: { kind: 'studentT', dof: 3, scale: 0.5 }, horizon: 100, runs: [{ name: 'clip', lr: 0.5, clip: { kind: 'constant', threshold: 50 } }],
    seeds: 0, points: 200,
  });
  solveRunOde({ ...config, name: 'warm-up' }, 0);
  const runs = 5;
  let best = Infinity;
  let bestCpu = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    solveRunOde({ ...config, name: `bench ${i}` }, 0);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(cpu);
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1e3);
  }
  console.log(`ODE    d=10000 power-law(1), Student-t(3), constant clip, t = 0..100, 200 record points`);
  console.log(`       ${best.toFixed(1)} ms (best of ${runs}; CPU time ${bestCpu.toFixed(1)} ms)`);
}

/** What the CLI and the extension do: the seeds spread over a worker pool of one thread per core. */
async function poolBenchmark(): Promise<void> {
  const config = sgdBenchConfig();
  const threads = availableParallelism();
  const pool = new WorkerPool(join(__dirname, 'worker.js'), { size: threads });
  try {
    await runExperiment({ ...config, seeds: threads }, { pool, ode: false }); // warm-up: workers start, JIT
    let seconds = Infinity;
    for (let pass = 0; pass < 3; pass++) {
      const start = process.hrtime.bigint();
      await runExperiment({ ...config, seed: pass + 1 }, { pool, ode: false });
      seconds = Math.min(seconds, Number(process.hrtime.bigint() - start) / 1e9);
    }
    const steps = Math.round(config.horizon * config.problem.dim) * config.seeds;
    console.log(`C-SGD  the same 8 seeds through runExperiment on a worker pool of ${threads} threads (as the CLI and the extension run them)`);
    console.log(`       ${seconds.toFixed(3)} s total, ${((seconds / steps) * 1e6).toFixed(2)} us per seed-step (wall, best of 3)`);
  } finally {
    await pool.close();
  }
}

sgdBenchmark(wasmAvailable() ? 'WebAssembly kernel' : 'TypeScript kernel');
if (wasmAvailable()) {
  process.env.CLIPEXP_NO_WASM = '1';
  sgdBenchmark('TypeScript kernel');
  delete process.env.CLIPEXP_NO_WASM;
}
odeBenchmark();
poolBenchmark().catch((error) => {
  console.error(error);
  process.exit(1);
});
