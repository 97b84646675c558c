// runExperiment: computes an experiment's results on a WorkerPool, streaming partial results.
//
// Usage (extension host; the CLI is the same without events):
//   const pool = new WorkerPool(path.join(extensionPath, 'dist', 'worker.js'));     // once, shared
//   const controller = new AbortController();
//   const result = await runExperiment(config, {
//     pool, signal: controller.signal, hsgd: false, suggest: true,
//     runIndices: changedRuns,                       // optional: only these runs are computed ...
//     cached: (i) => cache.get(runCacheKey(config, i)),  // ... the others come from here
//     events: {
//       onOde(i, ode) {}, onSeeds(i, kind, done, total, band) {}, onRunDone(i, run) {},
//       onProgress({ fraction, message }) {}, onWarning(message) {}, onSuggestion(s, error) {},
//     },
//   });
// - Order: the ODE of every computed run first, then the suggestion (if asked), then the seeds,
//   interleaved across runs (seed 0 of every run, seed 1 of every run, ...) so all bands fill in together.
// - Results are bit-identical for any pool size: every (seed, run, seedIndex, kind) has its own random
//   stream and final aggregates are taken over seeds in index order.
// - Cached runs: without runIndices, `cached(i)` is used for every run it returns a usable result
//   for (one with the ODE/SGD/HSGD parts this call asks for and the same seed count); with runIndices,
//   the runs listed are recomputed and every other run is `cached(i)` or, if absent, empty (nulls).
//   onRunDone fires for cached runs too.
// - A run whose ODE or any seed diverges gets status 'diverged' and divergedAt (the earliest time).
//   A run whose worker dies or whose kernel throws gets status 'failed' with `error`; its remaining
//   tasks are dropped, the other runs are unaffected, and it can be re-run (runIndices: [i]).
// - Refusals (limits.ts) reject with a LimitError before any work; warnings go to events.onWarning.
// - Cancel: abort the signal; the promise rejects with an AbortError at once, the pool drops the
//   experiment's queued tasks and frees its workers within ~100 ms. A private pool (no `pool` given)
//   is closed when the call ends.
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import type { RunExperimentOptions, RunnerEvents } from './options';
import type { ExperimentConfig } from '../config/types';
import { aggregateSeeds, recordGrid } from './experimentTasks';
import { checkLimits, LimitError, traceOfSpectrum } from '../config/limits';
import { AbortError, isAbortError, WorkerPool } from './pool';
import type { ExperimentResult, OdeResult, RunResult, SgdResult, Suggestion } from '../results/types';
import type { SimulationKind } from './workerProtocol';

/** Progress events are throttled to this interval (the last one, fraction 1, always comes). */
const PROGRESS_INTERVAL_MS = 100;
/** Partial aggregates are recomputed after every seed while cheap, then at most this often. */
const PARTIAL_INTERVAL_MS = 100;
const CHEAP_AGGREGATE = 200_000;

interface SeedSet {
  kind: SimulationKind;
  risks: (Float64Array | undefined)[];
  divergedAt: (number | undefined)[];
  done: number;
  lastEmit: number;
}

interface RunState {
  index: number;
  name: string;
  controller: AbortController;
  ode: OdeResult | null;
  odeDivergedAt?: number;
  sets: SeedSet[];
  remaining: number;
  error?: string;
}

function emptyRun(name: string): RunResult {
  return { name, status: 'ok', ode: null, sgd: null, hsgd: null };
}

export function defaultWorkerScript(): string {
  // Bundled (dist/cli.js, dist/extension.js), the worker bundle sits next to this code.
  return join(__dirname, 'worker.js');
}

export async function runExperiment(config: ExperimentConfig, options: RunExperimentOptions = {}): Promise<ExperimentResult> {
  const events: RunnerEvents = options.events ?? {};
  const seeds = options.seeds ?? config.seeds;
  if (!Number.isInteger(seeds) || seeds < 0) throw new RangeError(`seeds must be an integer >= 0, got ${seeds}`);
  const wantOde = options.ode ?? config.ode;
  const wantSgd = (options.sgd ?? true) && seeds > 0;
  const wantHsgd = (options.hsgd ?? false) && seeds > 0;
  const runCount = config.runs.length;
  if (options.runIndices) {
    for (const i of options.runIndices) {
      if (!Number.isInteger(i) || i < 0 || i >= runCount) throw new RangeError(`runIndices: no run ${i} (the experiment has ${runCount})`);
    }
  }
  if (options.suggest && options.suggestRun !== undefined && !config.runs.some((r) => r.name === options.suggestRun)) {
    throw new Error(`no run named "${options.suggestRun}"; the runs are ${config.runs.map((r) => JSON.stringify(r.name)).join(', ')}`);
  }
  if (options.signal?.aborted) throw new AbortError();

  // Which runs to compute, which come from the cache.
  const results: RunResult[] = config.runs.map((r) => emptyRun(r.name));
  const compute: number[] = [];
  const fromCache: number[] = [];
  const explicit = options.runIndices ? new Set(options.runIndices) : undefined;
  for (let i = 0; i < runCount; i++) {
    const cached = explicit?.has(i) ? undefined : options.cached?.(i);
    const usable = cached !== undefined && (explicit !== undefined || isUsable(cached, config.runs[i].name, wantOde, wantSgd, wantHsgd, seeds));
    if (usable) {
      results[i] = cached;
      fromCache.push(i);
    } else if (explicit === undefined || explicit.has(i)) {
      compute.push(i);
    }
  }

  const ownPool = options.pool === undefined;
  const threads = options.pool ? options.pool.size : options.threads;
  const check = checkLimits(config, { seeds, sgd: wantSgd, hsgd: wantHsgd, ode: wantOde, threads, runCount: compute.length, limits: options.limits });
  if (check.problems.some((p) => p.severity === 'error')) throw new LimitError(check.problems);
  for (const p of check.problems) events.onWarning?.(p.message);

  const t = Array.from(recordGrid(config));
  for (const i of fromCache) events.onRunDone?.(i, results[i]);
  const pool = options.pool ?? new WorkerPool(options.workerScript ?? defaultWorkerScript(), { size: options.threads });
  try {
    const suggestion = await computeAll({ config, options, events, pool, compute, results, seeds, wantOde, wantSgd, wantHsgd, t });
    return { format: 'clipexp-result', version: 1, name: config.name, t, runs: results, suggestion };
  } finally {
    if (ownPool) await pool.close();
  }
}

function isUsable(run: RunResult, name: string, ode: boolean, sgd: boolean, hsgd: boolean, seeds: number): boolean {
  if (run.name !== name || run.status === 'failed') return false;
  if (ode && !run.ode) return false;
  if (sgd && (!run.sgd || run.sgd.seeds !== seeds)) return false;
  if (hsgd && !run.hsgd) return false;
  return true;
}

interface Job {
  config: ExperimentConfig;
  options: RunExperimentOptions;
  events: RunnerEvents;
  pool: WorkerPool;
  compute: number[];
  results: RunResult[];
  seeds: number;
  wantOde: boolean;
  wantSgd: boolean;
  wantHsgd: boolean;
  t: number[];
}

async function computeAll(job: Job): Promise<Suggestion | null> {
  const { config, options, events, pool, compute, results, seeds } = job;
  const master = options.signal;

  // Progress: every task has a cost in coordinate-steps; fraction = done cost / total cost.
  const dim = config.problem.dim;
  const seedCost = Math.max(1, Math.ceil(config.horizon * traceOfSpectrum(config)) * dim);
  const odeCost = Math.max(1, dim * 2000);
  const kinds: SimulationKind[] = [...(job.wantSgd ? ['sgd' as const] : []), ...(job.wantHsgd ? ['hsgd' as const] : [])];
  const total = compute.length * ((job.wantOde ? odeCost : 0) + kinds.length * seeds * seedCost) + (options.suggest ? 40 * odeCost : 0);
  let doneCost = 0;
  const inFlight = new Map<number, number>(); // task number -> cost done so far
  let lastProgress = 0;
  let lastMessage = '';
  const progress = (message: string | undefined, force = false) => {
    if (message) lastMessage = message;
    const now = performance.now();
    if (!events.onProgress || (!force && now - lastProgress < PROGRESS_INTERVAL_MS)) return;
    lastProgress = now;
    let partial = 0;
    for (const c of inFlight.values()) partial += c;
    events.onProgress({ fraction: total > 0 ? Math.min(1, (doneCost + partial) / total) : 1, message: lastMessage });
  };

  // One internal signal for the job (linked once to the caller's) and one per run, each with a
  // listener per queued task: raise their listener limits so node does not warn about a leak.
  const jobAbort = new AbortController();
  const onMasterAbort = () => jobAbort.abort();
  master?.addEventListener('abort', onMasterAbort, { once: true });
  const listenerLimit = kinds.length * seeds + 16;
  setMaxListeners(listenerLimit + compute.length, jobAbort.signal);
  const states = new Map<number, RunState>();
  for (const i of compute) {
    const controller = new AbortController();
    setMaxListeners(listenerLimit, controller.signal);
    jobAbort.signal.addEventListener('abort', () => controller.abort(), { once: true });
    states.set(i, {
      index: i,
      name: config.runs[i].name,
      controller,
      ode: null,
      sets: kinds.map((kind) => ({ kind, risks: new Array(seeds).fill(undefined), divergedAt: new Array(seeds).fill(undefined), done: 0, lastEmit: 0 })),
      remaining: (job.wantOde ? 1 : 0) + kinds.length * seeds,
    });
  }

  const finishRun = (state: RunState) => {
    const run = finalRun(state);
    results[state.index] = run;
    events.onRunDone?.(state.index, run);
  };
  const fail = (state: RunState, what: string, error: unknown) => {
    if (state.error) return;
    state.error = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    state.controller.abort();
    finishRun(state);
  };
  const taskDone = (state: RunState) => {
    if (--state.remaining === 0 && !state.error) finishRun(state);
  };

  let taskNumber = 0;
  const tasks: Promise<void>[] = [];
  const track = (cost: number, start: (onProgress: (f: number) => void) => Promise<void>) => {
    const id = taskNumber++;
    const onProgress = (f: number) => {
      inFlight.set(id, f * cost);
      progress(undefined);
    };
    tasks.push(start(onProgress).finally(() => {
      inFlight.delete(id);
      doneCost += cost;
    }));
  };

  // 1. ODEs.
  if (job.wantOde) {
    for (const state of states.values()) {
      track(odeCost, () => pool.run({ kind: 'ode', config, runIndex: state.index }, { signal: state.controller.signal }).then(
        (ode) => {
          const { divergedAt, ...curves } = ode;
          state.ode = curves;
          state.odeDivergedAt = divergedAt;
          events.onOde?.(state.index, curves);
          progress(`${state.name}: ODE`);
          taskDone(state);
        },
        (error) => {
          if (!isAbortError(error)) fail(state, 'ODE', error);
        },
      ));
    }
  }

  // 2. The suggestion (its own task; a failure does not affect the runs).
  let suggestion: Suggestion | null = null;
  if (options.suggest) {
    track(40 * odeCost, () => pool.run({ kind: 'suggest', config, runName: options.suggestRun }, { signal: jobAbort.signal }).then(
      (s) => {
        suggestion = s;
        events.onSuggestion?.(s);
        progress('suggestion');
      },
      (error) => {
        if (isAbortError(error)) return;
        const message = error instanceof Error ? error.message : String(error);
        events.onSuggestion?.(null, message);
        events.onWarning?.(`suggestion failed: ${message}`);
      },
    ));
  }

  // 3. Seeds, interleaved across runs.
  for (let seedIndex = 0; seedIndex < seeds; seedIndex++) {
    for (const kind of kinds) {
      for (const state of states.values()) {
        const set = state.sets.find((s) => s.kind === kind)!;
        track(seedCost, (onProgress) => pool.run({ kind: 'seed', config, runIndex: state.index, seedIndex, simulation: kind }, { signal: state.controller.signal, onProgress }).then(
          (result) => {
            set.risks[seedIndex] = result.risk;
            set.divergedAt[seedIndex] = result.divergedAt;
            set.done++;
            emitPartial(events, state, set, seeds);
            progress(`${state.name}: ${kind === 'sgd' ? 'seed' : 'HSGD seed'} ${set.done}/${seeds}`);
            taskDone(state);
          },
          (error) => {
            if (!isAbortError(error)) fail(state, `${kind.toUpperCase()} seed ${seedIndex}`, error);
          },
        ));
      }
    }
  }

  try {
    await waitAll(tasks, jobAbort.signal);
  } finally {
    master?.removeEventListener('abort', onMasterAbort);
    jobAbort.abort(); // drops anything left (after a cancel or a throwing event handler)
  }
  progress(undefined, true);
  return suggestion;
}

/** Waits for every task, or rejects at once with an AbortError when the signal fires. */
function waitAll(tasks: Promise<void>[], signal: AbortSignal | undefined): Promise<void> {
  const all = Promise.all(tasks).then(() => undefined);
  if (!signal) return all;
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(new AbortError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    all.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function completed(set: SeedSet): Float64Array[] {
  // Seed-index order, so the result does not depend on which worker finished first.
  return set.risks.filter((r): r is Float64Array => r !== undefined);
}

function bandOf(set: SeedSet): SgdResult {
  const risks = completed(set);
  const agg = aggregateSeeds(risks);
  const diverged = set.divergedAt.filter((d) => d !== undefined).length;
  return { median: agg.median, q10: agg.q10, q90: agg.q90, mean: agg.mean, seeds: risks.length, diverged };
}

function emitPartial(events: RunnerEvents, state: RunState, set: SeedSet, seeds: number): void {
  if (!events.onSeeds) return;
  const now = performance.now();
  const cheap = set.done * (set.risks.find((r) => r)?.length ?? 0) <= CHEAP_AGGREGATE;
  if (set.done < seeds && !cheap && now - set.lastEmit < PARTIAL_INTERVAL_MS) return;
  set.lastEmit = now;
  const band = bandOf(set);
  events.onSeeds(state.index, set.kind, set.done, seeds, set.kind === 'sgd' ? band : { median: band.median, q10: band.q10, q90: band.q90 });
}

function finalRun(state: RunState): RunResult {
  const run = emptyRun(state.name);
  run.ode = state.ode;
  let divergedAt = state.odeDivergedAt;
  if (state.odeDivergedAt !== undefined) run.odeDivergedAt = state.odeDivergedAt;
  for (const set of state.sets) {
    if (set.done === 0) continue;
    const band = bandOf(set);
    if (set.kind === 'sgd') run.sgd = band;
    else run.hsgd = { median: band.median, q10: band.q10, q90: band.q90 };
    let setDivergedAt: number | undefined;
    for (const d of set.divergedAt) if (d !== undefined && (setDivergedAt === undefined || d < setDivergedAt)) setDivergedAt = d;
    if (setDivergedAt === undefined) continue;
    // Which part diverged: the panel tells an infinite ODE risk from overflowing seeds.
    if (set.kind === 'sgd') run.sgdDivergedAt = setDivergedAt;
    else run.hsgdDivergedAt = setDivergedAt;
    if (divergedAt === undefined || setDivergedAt < divergedAt) divergedAt = setDivergedAt;
  }
  if (state.error) {
    run.status = 'failed';
    run.error = state.error;
  } else if (divergedAt !== undefined) {
    run.status = 'diverged';
    run.divergedAt = divergedAt;
  }
  return run;
}
