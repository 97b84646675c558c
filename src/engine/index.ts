// The engine's one import surface for the CLI, the extension host, the gallery and the benchmarks.
// The engine is pure numerics and file handling: it imports nothing from outside src/engine (no
// `vscode`, nothing of src/shared), which ESLint enforces (eslint.config.mjs).
//
// Layers, bottom up (each imports only those before it):
//   math/     special functions (deterministic pow, normal tails, quadrature) and the seeded RNG
//   config/   the .clipexp.json format: JSONC parsing, schema, located problems, resource limits
//   results/  result types, the result JSON and CSV formats, seed statistics, cache keys
//   model/    the problem (spectrum, x*, x0, noise), the factors mu/nu, threshold rules, schedules, grid
//   sim/      C-SGD and C-HSGD simulation kernels (TypeScript and WebAssembly)
//   ode/      the ODE, the suggestion and the CCC phase map
//   run/      orchestration: per-config tasks, the worker pool, worker threads and the runner
export type { Clip, ExperimentConfig, LearningRate, Noise, RunConfig, Spectrum, VectorInit } from './config/types';
export type { ConfigProblem, Limits, ParsedExperiment } from './config/problems';
export { parseExperiment, type ParseOptions } from './config/validate';
export { DEFAULT_LIMITS, LimitError, traceOfSpectrum } from './config/limits';
export { closestMatch } from './config/didYouMean';
export { applyEdits, findNodeAtLocation, modify, parseTree, type Edit, type FormattingOptions } from './config/jsonc';
export { noiseSecondMoment } from './model/noise';
export type { ExperimentResult, OdeResult, RunResult, SeedBand, SgdResult, Suggestion } from './results/types';
export { ENGINE_VERSION } from './results/engineVersion';
export { canonicalJson, runCacheKey } from './results/hash';
export { resultToCsv, suggestionToCsv } from './results/csv';
export { stringifyResult, suggestionToJson } from './results/resultJson';
export { computePhaseMap, defaultRanges, heuristicPath, odeTrajectories, unclippedRisks, type PhaseMap, type PhaseMapTrajectory } from './ode/phaseMap';
export { wasmAvailable } from './sim/wasmKernels';
export { phaseMapGrid, recordGrid, simulateRunSeed, solveRunOde, suggestSchedule } from './run/experimentTasks';
export { AbortError, isAbortError, WorkerPool } from './run/pool';
export { runExperiment } from './run/runner';
export type { RunExperimentOptions, RunnerEvents, RunProgress } from './run/options';
